import * as tf from '@tensorflow/tfjs';
import type { Prepared } from './prepare';
import { makeRng, shuffle } from '../data/rng';
import type { Csr } from '../data/types';
import { heapKernels, wasmHeapBytes } from '../compute/wasm/wasm-heap';
import type { TrainConfig } from '../config/config';
import type { RatingModel } from '../model/rating-model';
import { InputRows } from '../model/input-rows';
import { createModel } from '../model/create-model';
import { makeOptimizer, setLearningRate } from './optimizer';
import { makeReadout, type Readout } from './readout';

export interface TrainData extends Prepared {
  readonly ratingMin: number;
  readonly ratingMax: number;
}

function memoryNow(): Pick<EpochStats, 'tensors' | 'tensorBytes' | 'gpuBytes' | 'wasmHeapBytes'> {
  // What the GPU backend holds, its pool of freed buffers included (webgpu and webgl name it differently).
  const m = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number; numBytesInGPUAllocated?: number; numBytesInGPU?: number };
  const gpuBytes = m.numBytesAllocatedInGPU ?? m.numBytesInGPUAllocated ?? m.numBytesInGPU;
  return { tensors: m.numTensors, tensorBytes: m.numBytes, gpuBytes, wasmHeapBytes: wasmHeapBytes() };
}

export interface EpochStats {
  epoch: number;
  /** Mean squared error per observed training rating, in training mode (dropout on), before the L2 term. */
  trainLoss: number;
  /** RMSE on the observed training ratings, evaluation mode, predictions clipped to the rating scale. */
  trainRmse: number;
  /** RMSE and MAE on the validation ratings (carved from the training side); NaN when there is no validation share. */
  validRmse: number;
  validMae: number;
  /** RMSE and MAE on all test ratings, predicted from the training matrix, clipped (unseen rule: see Prepared). */
  testRmse: number;
  testMae: number;
  /** The learning rate in effect at the end of the epoch (it can change live). */
  learningRate: number;
  /**
   * The kept model so far: the epoch with the lowest validation RMSE (the last epoch when there is no
   * validation share), its validation RMSE and its test RMSE, the figure a run reports.
   */
  selectedEpoch: number;
  selectedValidRmse: number;
  selectedTestRmse: number;
  /** Wall time of the epoch: training plus evaluation, including the one readback. */
  ms: number;
  /** The model's training stage in this epoch ('local'; AutoRec+ then 'global' for global-kernel fine-tuning); absent in older runs. */
  stage?: string;
  /** The epoch after which the current stage began (0: the first stage); early stopping counts from here. */
  stageStart?: number;
  /** Live tensors, their bytes and device bytes after the epoch (flat from epoch to epoch when nothing leaks). */
  tensors: number;
  tensorBytes: number;
  gpuBytes?: number;
  /** Size of the wasm backend's memory (it only grows: the peak of the run so far). */
  wasmHeapBytes?: number;
}

/** The epoch a run keeps (lowest validation RMSE; the last finite epoch without validation) and its figures. */
export interface Selected {
  epoch: number;
  validRmse: number;
  testRmse: number;
}

const NONE_SELECTED: Selected = { epoch: 0, validRmse: Infinity, testRmse: NaN };

/** The weights as of an epoch, on the CPU: what survives a lost GPU. */
export interface Checkpoint {
  epoch: number;
  selected: Selected;
  learningRate: number;
  params: Float32Array[];
  /** The kept epoch's weights (the same arrays as `params` when the last epoch is the kept one). */
  kept?: Float32Array[];
  /** The averaged weights (config.average > 0), which evaluation and the kept epoch use. */
  averaged?: Float32Array[];
  /** The model's stage after the epoch, the kept weights' stage, and the epoch the stage began after. */
  stage?: string;
  keptStage?: string;
  stageStart?: number;
}

/**
 * Everything a saved model holds of a trainer (src/serve/model-file.ts): the current and the kept weights, the
 * optimizer's state (tfjs getWeights layout: its step, then its slots, e.g. Adam's first then second moments, one
 * per parameter in paramList order), and where the batch-order and dropout generator stands, so that training
 * continues exactly where it stopped.
 */
export interface TrainerState {
  epoch: number;
  selected: Selected;
  learningRate: number;
  params: Float32Array[];
  kept: Float32Array[];
  /** The averaged weights, when the run averages them (config.average > 0). */
  averaged?: Float32Array[];
  optimizer: { iterations: number; slots: Float32Array[] };
  /** Draws taken from the seeded generator so far (it is replayed on restore) and the row order it shuffles in place. */
  rngDraws: number;
  order: Int32Array;
  /** The model's stage and the kept weights' stage (see RatingModel.stage), and the epoch the stage began after. */
  stage: string;
  keptStage: string;
  stageStart: number;
  /** The shapes the optimizer's slots follow (its trained parameters), where they are not all the parameters. */
  slotShapes?: number[][];
}

/** Checkpoints ride along with the epoch's one readback while the weights are at most this many floats. */
export const CHECKPOINT_MAX_FLOATS = 8 * 2 ** 20;

/**
 * Called between batches (training and evaluation) of an epoch, with the batches done and the epoch's
 * total: a run controller yields to its event loop there (so Pause, Stop and a new learning rate take
 * effect within one batch, on every backend), waits while paused, and returns false to abandon the epoch.
 */
export type BetweenBatches = (done: number, total: number) => boolean | Promise<boolean>;

export interface TrainerOptions {
  /**
   * False: the per-epoch evaluation skips the test set (testRmse is NaN). Tuning trials train this way, so
   * that the search cannot look at the test set at all (and evaluation is cheaper).
   */
  evaluateTest?: boolean;
}

/**
 * Trains a rating model (AutoRec, AutoRec+) one epoch at a time. Every batch has the same shape (the last one is padded with
 * zero rows, which the masked loss ignores), sums accumulate on the device, and each epoch reads
 * back once. After each epoch it keeps a device-side copy of the selected epoch's weights (no
 * readback): that model, not the last epoch's, serves predictions.
 */
export class Trainer {
  private readonly model: RatingModel;
  /**
   * The selected epoch's weights on the device (sharing that epoch's buffers). It starts as the initial
   * weights, so that from the first step on the device holds what it will hold in every later epoch (the
   * current weights, the kept ones, a step's new ones) and GPU memory is flat from epoch to epoch.
   */
  private readonly kept: RatingModel;
  /**
   * The averaged weights (config.average > 0: an exponential moving average over epochs, see TrainConfig.average):
   * what evaluation, the kept epoch and predictions use.
   */
  private readonly averaged?: RatingModel;
  private readonly optimizer: tf.Optimizer;
  /** True when the optimizer adds the L2 term itself (FusedAdam). */
  private readonly optimizerDecays: boolean;
  private readonly uniform: () => number;
  /** How many numbers `uniform` has given (a saved model replays them). */
  private rngDraws = 0;
  private readonly order: Int32Array;
  private readonly identity: Int32Array;
  /** Where predictions are compared with ratings: a block's entries (sparse) or whole dense rows. */
  private readonly readout: Readout;
  private readonly ids: Int32Array;
  private epochsDone = 0;
  private stageStart = 0;
  private selected: Selected = NONE_SELECTED;
  private learningRate: number;
  private readonly checkpointing: boolean;
  /** The last epoch's weights, when checkpointing (small enough models). */
  checkpoint?: Checkpoint;

  private readonly evaluateTest: boolean;

  constructor(
    private readonly data: TrainData,
    private readonly config: TrainConfig,
    options: TrainerOptions = {},
  ) {
    this.evaluateTest = options.evaluateTest ?? true;
    const { rows } = data.train;
    const sparse = config.compute === 'sparse';
    this.model = createModel(config, new InputRows(data.train, sparse));
    this.kept = this.model.snapshot();
    if (config.average > 0) this.averaged = this.model.snapshot();
    this.readout = makeReadout(sparse, config.batchSize);
    this.checkpointing = this.model.params.reduce((n, v) => n + v.size, 0) <= CHECKPOINT_MAX_FLOATS;
    const decay = new Map(this.model.decayed.map((w) => [w.name, config.l2] as const));
    ({ optimizer: this.optimizer, handlesDecay: this.optimizerDecays } = makeOptimizer(config.optimizer, config.learningRate, decay));
    this.learningRate = config.learningRate;
    const rng = makeRng(config.seed ^ 0x5eed);
    this.uniform = () => (this.rngDraws++, rng());
    this.identity = Int32Array.from({ length: rows }, (_, i) => i);
    this.order = this.identity.slice();
    this.ids = new Int32Array(config.batchSize);
  }

  get epoch(): number {
    return this.epochsDone;
  }

  /** The epoch the run keeps so far (epoch 0 when none is kept yet). */
  get selection(): Selected {
    return { ...this.selected };
  }

  /** Whether validation ratings exist: selection by validation RMSE, else the last finite epoch is kept. */
  get validates(): boolean {
    return this.data.valid.values.length + this.data.unseenValid.ratings > 0;
  }

  /** Batches per epoch: training plus evaluation (what BetweenBatches counts). */
  get batchesPerEpoch(): number {
    return 2 * Math.ceil(this.data.train.rows / this.config.batchSize);
  }

  /** Continues from a checkpoint (weights, the kept weights, epoch count; optimizer moments start afresh). */
  restore(c: Checkpoint): void {
    this.model.load(c.params);
    this.kept.load(c.kept ?? this.model.params);
    this.averaged?.load(c.averaged ?? c.params);
    if (c.stage) this.model.setStage(c.stage);
    if (c.stage) this.averaged?.setStage(c.stage);
    if (c.keptStage) this.kept.setStage(c.keptStage);
    this.stageStart = c.stageStart ?? 0;
    this.epochsDone = c.epoch;
    this.selected = { ...c.selected };
    this.setLearningRate(c.learningRate);
    this.checkpoint = c;
  }

  /** The trainer's state, read back from the device: what a saved model holds (see TrainerState). */
  async saveState(): Promise<TrainerState> {
    const read = async (vs: readonly tf.Tensor[]) => Promise.all(vs.map(async (v) => (await v.data()).slice() as Float32Array));
    const weights = await this.optimizer.getWeights();
    const [iter, ...slots] = weights;
    const iterations = iter ? (await iter.tensor.data())[0] : 0;
    if (iter) iter.tensor.dispose(); // a fresh scalar; the slots are the optimizer's own variables
    return {
      epoch: this.epochsDone,
      selected: { ...this.selected },
      learningRate: this.learningRate,
      params: await read(this.model.params),
      kept: await read(this.serving.params),
      ...(this.averaged && { averaged: await read(this.averaged.params) }),
      optimizer: { iterations, slots: await read(slots.map((s) => s.tensor)) },
      rngDraws: this.rngDraws,
      order: this.order.slice(),
      stage: this.model.stage,
      keptStage: this.serving.stage,
      stageStart: this.stageStart,
      ...(this.model.trained.length !== this.model.params.length && { slotShapes: this.model.trained.map((v) => [...v.shape]) }),
    };
  }

  /**
   * Continues from a saved state: weights, kept weights, optimizer slots and step, the generator and the row
   * order, so that the next epoch is the one the uninterrupted run would have trained.
   */
  async loadState(s: TrainerState): Promise<void> {
    if (s.order.length !== this.order.length) throw new Error(`the saved row order has ${s.order.length} rows, the data ${this.order.length}`);
    this.model.load(s.params);
    this.kept.load(s.kept);
    this.averaged?.load(s.averaged ?? s.params);
    this.model.setStage(s.stage);
    this.averaged?.setStage(s.stage);
    this.kept.setStage(s.keptStage);
    this.stageStart = s.stageStart;
    if (s.optimizer.slots.length > 0) {
      const trained = this.model.trained;
      const perParam = s.optimizer.slots.length / trained.length;
      if (!Number.isInteger(perParam)) throw new Error(`the saved optimizer state has ${s.optimizer.slots.length} slots for ${trained.length} parameters`);
      const named = s.optimizer.slots.map((a, k) => {
        const v = trained[k % trained.length];
        return { name: `${v.name}/${Math.floor(k / trained.length)}`, tensor: tf.tensor(a, v.shape) };
      });
      const iter = tf.scalar(s.optimizer.iterations, 'int32');
      await this.optimizer.setWeights([{ name: 'iter', tensor: iter }, ...named]);
      tf.dispose([iter, ...named.map((n) => n.tensor)]);
    }
    this.epochsDone = s.epoch;
    this.selected = { ...s.selected };
    this.setLearningRate(s.learningRate);
    for (let k = this.rngDraws; k < s.rngDraws; k++) this.uniform();
    this.rngDraws = s.rngDraws;
    this.order.set(s.order);
  }

  /** The model predictions use (the kept epoch's weights), for the item map, the network view and the all-users export. */
  get servingModel(): RatingModel {
    return this.serving;
  }

  /** The matrices the trainer learns from and is measured on. */
  get trainData(): TrainData {
    return this.data;
  }

  get trainConfig(): TrainConfig {
    return this.config;
  }

  /** Takes effect at the next batch. */
  setLearningRate(lr: number): void {
    this.learningRate = lr;
    setLearningRate(this.optimizer, lr);
  }

  /**
   * One epoch: a pass of optimizer steps over the shuffled rows, then evaluation on train, validation and
   * test, one readback. Returns undefined when `between` abandons the epoch (a stop): the epoch does not
   * count and the kept weights stay as they were.
   */
  async trainEpoch(): Promise<EpochStats>;
  async trainEpoch(between: BetweenBatches): Promise<EpochStats | undefined>;
  async trainEpoch(between: BetweenBatches = () => true): Promise<EpochStats | undefined> {
    const start = performance.now();
    const { train, valid, test, unseen, unseenValid } = this.data;
    const B = this.config.batchSize;
    const total = this.batchesPerEpoch;
    const stage = this.model.stage;
    let done = 0;
    shuffle(this.order, this.uniform);
    let lossSum: tf.Scalar = tf.scalar(0);
    // [train SSE, validation SSE, validation absolute error, test SSE, test absolute error]
    let evalSums: tf.Tensor1D | undefined;
    try {
      for (let at = 0; at < train.rows; at += B) {
        if (!(await between(done++, total))) return undefined;
        const loss = this.step(this.idsAt(this.order, at));
        const next: tf.Scalar = tf.add(lossSum, loss);
        tf.dispose([loss, lossSum]);
        lossSum = next;
      }
      this.updateAverage();
      evalSums = tf.zeros([5]);
      this.evaluated.freeze?.();
      for (let at = 0; at < train.rows; at += B) {
        if (!(await between(done++, total))) return undefined;
        const next = this.evalSums(this.idsAt(this.identity, at));
        const sum = tf.add(evalSums, next) as tf.Tensor1D;
        tf.dispose([next, evalSums]);
        evalSums = sum;
      }
    } finally {
      this.evaluated.thaw?.();
      if (done < total || evalSums === undefined) tf.dispose([lossSum, ...(evalSums ? [evalSums] : [])]);
    }
    const vars = this.model.params;
    const averaged = this.averaged?.params ?? [];
    const sums = tf.tidy(() => tf.concat([tf.reshape(lossSum, [1]), evalSums, ...(this.checkpointing ? [...vars, ...averaged].map((v) => tf.reshape(v, [-1])) : [])]));
    tf.dispose([lossSum, evalSums]);
    const all = (await sums.data()) as Float32Array;
    sums.dispose();
    const [loss, trSse, vaSse, vaAe, teSse, teAe] = all;
    this.epochsDone++;
    const nTrain = train.values.length;
    const nTest = this.evaluateTest ? test.values.length + unseen.ratings : 0;
    const nValid = valid.values.length + unseenValid.ratings;
    const testRmse = nTest > 0 ? Math.sqrt((teSse + unseen.sse) / nTest) : NaN;
    const validRmse = nValid > 0 ? Math.sqrt((vaSse + unseenValid.sse) / nValid) : NaN;
    const trainLoss = loss / nTrain;
    const finite = Number.isFinite(trainLoss) && Number.isFinite(trSse);
    const better = finite && (nValid > 0 ? validRmse < this.selected.validRmse : true);
    if (better) {
      this.selected = { epoch: this.epochsDone, validRmse, testRmse };
      this.keepCurrent();
    }
    if (this.checkpointing && finite) {
      let at = 6;
      const params = vars.map((v) => all.slice(at, (at += v.size)));
      const avg = this.averaged ? averaged.map((v) => all.slice(at, (at += v.size))) : undefined;
      const kept = better ? (avg ?? params) : this.checkpoint?.kept;
      this.checkpoint = { epoch: this.epochsDone, selected: { ...this.selected }, learningRate: this.learningRate, params, ...(kept && { kept }), ...(avg && { averaged: avg }) };
    }
    const stats: EpochStats = {
      epoch: this.epochsDone,
      trainLoss,
      trainRmse: Math.sqrt(trSse / nTrain),
      validRmse,
      validMae: nValid > 0 ? (vaAe + unseenValid.absErr) / nValid : NaN,
      testRmse,
      testMae: nTest > 0 ? (teAe + unseen.absErr) / nTest : NaN,
      learningRate: this.learningRate,
      selectedEpoch: this.selected.epoch,
      selectedValidRmse: this.selected.validRmse === Infinity ? NaN : this.selected.validRmse,
      selectedTestRmse: this.selected.testRmse,
      ms: performance.now() - start,
      stage,
      stageStart: this.stageStart,
      ...memoryNow(),
    };
    if (finite) this.nextStage();
    // the next epoch continues in the stage (and from the weights) nextStage left
    if (this.checkpoint?.epoch === this.epochsDone) {
      if (this.stageStart === this.epochsDone && this.model.stage !== stage) this.checkpoint.params = await Promise.all(this.model.params.map(async (v) => (await v.data()).slice() as Float32Array));
      Object.assign(this.checkpoint, { stage: this.model.stage, keptStage: this.kept.stage, stageStart: this.stageStart });
    }
    return stats;
  }

  /**
   * Moves the model to its next stage when it has one and its time has come: the last `globalEpochs` epochs of
   * the run, or sooner when the stage has stalled for `patience` epochs. The next stage starts from the kept
   * (validation-selected) weights.
   */
  private nextStage(): void {
    const { epochs, patience } = this.config;
    const stalled = patience > 0 && this.validates && this.epochsDone - Math.max(this.selected.epoch, this.stageStart) >= patience;
    const due = epochs - this.model.laterStageEpochs;
    if (!this.model.hasNextStage || !(this.epochsDone >= due || stalled) || this.epochsDone >= epochs) return;
    if (this.selected.epoch > 0) this.model.load(this.kept.params);
    this.model.beginNextStage();
    this.stageStart = this.epochsDone;
  }

  /** Copies the evaluated weights (and stage) into the kept ones, on the device. */
  private keepCurrent(): void {
    this.kept.load(this.evaluated.params);
    this.kept.setStage(this.model.stage);
  }

  /** The weights an epoch's evaluation measures: the averaged ones when the run averages, else the current ones. */
  private get evaluated(): RatingModel {
    return this.averaged ?? this.model;
  }

  /**
   * After an epoch's steps: A <- a A + (1 - a) W for every parameter; in the first epoch of a stage (the first
   * of the run, or the weights the next stage starts from) A becomes W.
   */
  private updateAverage(): void {
    const avg = this.averaged;
    if (!avg) return;
    const current = this.model.params;
    if (this.epochsDone === this.stageStart) {
      avg.load(current);
      avg.setStage(this.model.stage);
      return;
    }
    const a = this.config.average;
    tf.tidy(() => avg.params.forEach((v, k) => v.assign(tf.add(tf.mul(v, a), tf.mul(current[k], 1 - a)))));
  }

  /** The model predictions use: the kept epoch's weights, or the evaluated ones before any epoch is kept. */
  private get serving(): RatingModel {
    return this.selected.epoch > 0 ? this.kept : this.evaluated;
  }

  /**
   * The model's clipped predictions of every item for one user (dense index), one readback per batch.
   * I-AutoRec predicts the user's column of every item row; U-AutoRec the user's row.
   */
  async predictUser(user: number): Promise<Float32Array> {
    const { train } = this.data;
    const byItem = this.config.variant === 'I';
    const n = byItem ? train.rows : train.cols;
    const rowPtr = new Int32Array(train.rows + 1);
    if (byItem) for (let r = 0; r <= train.rows; r++) rowPtr[r] = r;
    else rowPtr.fill(train.cols, user + 1);
    const colIdx = byItem ? new Int32Array(train.rows).fill(user) : Int32Array.from({ length: train.cols }, (_, c) => c);
    return this.predictAt({ rows: train.rows, cols: train.cols, rowPtr, colIdx, values: new Float32Array(n) });
  }

  /**
   * The serving model's clipped predictions at every entry of `m` (a matrix over the training rows and
   * columns, e.g. the validation or the test set), in m's CSR order; one readback per batch. Tuning asks
   * for validation predictions to choose an ensemble, and for the test set's once, at the very end.
   */
  async predictAt(m: Csr): Promise<Float32Array> {
    const { train, ratingMin, ratingMax } = this.data;
    if (m.rows !== train.rows || m.cols !== train.cols) throw new Error(`predictAt: a ${m.rows} x ${m.cols} matrix, the model's rows are ${train.rows} x ${train.cols}`);
    const B = this.config.batchSize;
    const out = new Float32Array(m.values.length);
    const model = this.serving;
    model.freeze?.();
    try {
      for (let at = 0; at < train.rows; at += B) {
        const from = m.rowPtr[at];
        const to = m.rowPtr[Math.min(at + B, train.rows)];
        if (to === from) continue;
        const ids = this.idsAt(this.identity, at, new Int32Array(B));
        const where = this.readout.at(m, ids);
        const pred = tf.tidy(() => tf.clipByValue(model.predict(ids, [where.target])[0], ratingMin, ratingMax));
        where.dispose();
        const values = (await pred.data()) as Float32Array;
        pred.dispose();
        this.readout.entries(values, m, ids, out.subarray(from, to));
      }
    } finally {
      model.thaw?.();
    }
    return out;
  }

  /** The serving model's weights (params order), read back: what a tuning trial keeps of itself. */
  async servingWeights(): Promise<Float32Array[]> {
    return Promise.all(this.serving.params.map(async (v) => (await v.data()) as Float32Array));
  }

  dispose(): void {
    this.model.dispose();
    this.kept.dispose();
    this.averaged?.dispose();
    this.optimizer.dispose();
    heapKernels()?.release(); // the pooled weight-gradient buffers
  }

  /** One optimizer step on rows `ids`; returns the batch's summed squared error (not read back). */
  private step(ids: Int32Array): tf.Scalar {
    const seed = Math.floor(this.uniform() * 2 ** 31);
    const where = this.readout.at(this.data.train, ids);
    const { l2 } = this.config;
    const sse = tf.tidy(() => {
      let error: tf.Scalar | undefined;
      const { grads } = tf.variableGrads(() => {
        const o = this.model.objective(ids, where.target, (pred) => tf.sum(tf.square(where.errors(pred))), seed);
        error = tf.keep(o.sse);
        return o.objective;
      }, this.model.trained as tf.Variable[]);
      if (l2 > 0 && !this.optimizerDecays) for (const w of this.model.decayed) grads[w.name] = tf.add(grads[w.name], tf.mul(w, l2));
      this.optimizer.applyGradients(grads as tf.NamedTensorMap);
      return error as tf.Scalar;
    });
    where.dispose();
    return sse;
  }

  /** [train SSE, validation SSE, validation absolute error, test SSE, test absolute error] of rows `ids`, kept weights aside: the evaluated (current or averaged) model. */
  private evalSums(ids: Int32Array): tf.Tensor1D {
    const model = this.evaluated;
    const { train, valid, test, ratingMin, ratingMax } = this.data;
    const sets = [train, valid.values.length > 0 ? valid : undefined, this.evaluateTest ? test : undefined];
    const where = sets.map((m) => (m ? this.readout.at(m, ids) : undefined));
    const sums = tf.tidy(() => {
      const targets = [...new Set(where.flatMap((w) => (w ? [w.target] : [])))];
      const preds = model.predict(ids, targets);
      const errors = where.map((w) => (w ? w.errors(tf.clipByValue(preds[targets.indexOf(w.target)], ratingMin, ratingMax)) : tf.zeros([1])));
      const [eTrain, eValid, eTest] = errors;
      return tf.stack([tf.sum(tf.square(eTrain)), tf.sum(tf.square(eValid)), tf.sum(tf.abs(eValid)), tf.sum(tf.square(eTest)), tf.sum(tf.abs(eTest))]) as tf.Tensor1D;
    });
    for (const w of where) w?.dispose();
    return sums;
  }

  /** The row numbers `order[at .. at+B)`, -1 past the end of `order` (padding rows). */
  private idsAt(order: Int32Array, at: number, ids = this.ids): Int32Array {
    const B = this.config.batchSize;
    for (let b = 0; b < B; b++) ids[b] = at + b < order.length ? order[at + b] : -1;
    return ids;
  }
}

