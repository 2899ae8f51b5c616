import * as tf from '@tensorflow/tfjs';
import { densifyRows } from '../data/csr';
import type { Prepared } from '../data/prepare';
import { makeRng, shuffle } from '../data/rng';
import type { Csr } from '../data/types';
import { copyParams, createParams, decodeAt, disposeParams, encodeSparse, forward, loadParams, paramList, weightList, type AutoRecParams } from './autorec';
import { heapKernels, wasmHeapBytes } from './kernels/heap';
import { longestRows } from './memory';
import { csrBlock, padsBlocks, type CsrBlock } from './sparse';
import type { TrainConfig } from './config';
import { clippedErrors } from './evaluate';
import { maskedSse } from './loss';
import { makeOptimizer, setLearningRate } from './optimizer';

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
}

/**
 * Everything a saved model holds of a trainer (src/model/model-file.ts): the current and the kept weights, the
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
  optimizer: { iterations: number; slots: Float32Array[] };
  /** Draws taken from the seeded generator so far (it is replayed on restore) and the row order it shuffles in place. */
  rngDraws: number;
  order: Int32Array;
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

/** Host rows of one dense batch, batch x inputs f32 each: training, test, validation (when there is a share). */
interface DenseBuffers {
  readonly x: Float32Array;
  readonly t: Float32Array;
  readonly v?: Float32Array;
}

/**
 * Trains AutoRec one epoch at a time. Every batch has the same shape (the last one is padded with
 * zero rows, which the masked loss ignores), sums accumulate on the device, and each epoch reads
 * back once. After each epoch it keeps a device-side copy of the selected epoch's weights (no
 * readback): that model, not the last epoch's, serves predictions.
 */
export class AutoRecTrainer {
  private readonly params: AutoRecParams;
  /**
   * The selected epoch's weights on the device (sharing that epoch's buffers). It starts as the initial
   * weights, so that from the first step on the device holds what it will hold in every later epoch (the
   * current weights, the kept ones, a step's new ones) and GPU memory is flat from epoch to epoch.
   */
  private readonly kept: AutoRecParams;
  private readonly optimizer: tf.Optimizer;
  /** True when the optimizer adds the L2 term itself (FusedAdam). */
  private readonly optimizerDecays: boolean;
  private readonly uniform: () => number;
  /** How many numbers `uniform` has given (a saved model replays them). */
  private rngDraws = 0;
  private readonly order: Int32Array;
  private readonly identity: Int32Array;
  /**
   * The dense path's batch x inputs host buffers (training, test and, with a validation share, validation
   * rows), on the JS heap; counted by planMemory's `host`. The sparse path has none.
   */
  private readonly denseBufs?: DenseBuffers;
  private readonly rowsBuf: Int32Array;
  /** Entries per block of each matrix where blocks are padded to one size (padsBlocks), else 0. */
  private readonly capacities = new Map<Csr, number>();
  private epochsDone = 0;
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
    const { rows, cols } = data.train;
    this.params = createParams(cols, config, config.seed);
    this.kept = copyParams(this.params);
    this.checkpointing = paramList(this.params).reduce((n, v) => n + v.size, 0) <= CHECKPOINT_MAX_FLOATS;
    const decay = new Map(weightList(this.params).map((w) => [w.name, config.l2] as const));
    ({ optimizer: this.optimizer, handlesDecay: this.optimizerDecays } = makeOptimizer(config.optimizer, config.learningRate, decay));
    this.learningRate = config.learningRate;
    const rng = makeRng(config.seed ^ 0x5eed);
    this.uniform = () => (this.rngDraws++, rng());
    this.identity = Int32Array.from({ length: rows }, (_, i) => i);
    this.order = this.identity.slice();
    if (!this.sparse) {
      const n = config.batchSize * cols;
      this.denseBufs = { x: new Float32Array(n), t: new Float32Array(n), ...(data.valid.values.length > 0 && { v: new Float32Array(n) }) };
    }
    this.rowsBuf = new Int32Array(config.batchSize);
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
    loadParams(this.params, c.params);
    loadParams(this.kept, c.kept ?? paramList(this.params));
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
      params: await read(paramList(this.params)),
      kept: await read(paramList(this.serving)),
      optimizer: { iterations, slots: await read(slots.map((s) => s.tensor)) },
      rngDraws: this.rngDraws,
      order: this.order.slice(),
    };
  }

  /**
   * Continues from a saved state: weights, kept weights, optimizer slots and step, the generator and the row
   * order, so that the next epoch is the one the uninterrupted run would have trained.
   */
  async loadState(s: TrainerState): Promise<void> {
    const vars = paramList(this.params);
    if (s.order.length !== this.order.length) throw new Error(`the saved row order has ${s.order.length} rows, the data ${this.order.length}`);
    loadParams(this.params, s.params);
    loadParams(this.kept, s.kept);
    if (s.optimizer.slots.length > 0) {
      const perParam = s.optimizer.slots.length / vars.length;
      const named = s.optimizer.slots.map((a, k) => {
        const v = vars[k % vars.length];
        return { name: `${v.name}/${Math.floor(k / vars.length)}`, tensor: tf.tensor(a, v.shape) };
      });
      if (!Number.isInteger(perParam)) throw new Error(`the saved optimizer state has ${s.optimizer.slots.length} slots for ${vars.length} parameters`);
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

  /** The weights predictions use (the kept epoch's), for the item map and the all-users export. */
  get servingParams(): AutoRecParams {
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
    let done = 0;
    shuffle(this.order, this.uniform);
    let lossSum: tf.Scalar = tf.scalar(0);
    // [train SSE, validation SSE, validation absolute error, test SSE, test absolute error]
    let evalSums: tf.Tensor1D | undefined;
    try {
      for (let at = 0; at < train.rows; at += B) {
        if (!(await between(done++, total))) return undefined;
        const loss = this.sparse ? this.sparseStep(this.block(train, this.order, at)) : this.denseStep(this.order, at);
        const next: tf.Scalar = tf.add(lossSum, loss);
        tf.dispose([loss, lossSum]);
        lossSum = next;
      }
      evalSums = tf.zeros([5]);
      for (let at = 0; at < train.rows; at += B) {
        if (!(await between(done++, total))) return undefined;
        const next = this.evalSums(this.params, at);
        const sum = tf.add(evalSums, next) as tf.Tensor1D;
        tf.dispose([next, evalSums]);
        evalSums = sum;
      }
    } finally {
      if (done < total || evalSums === undefined) tf.dispose([lossSum, ...(evalSums ? [evalSums] : [])]);
    }
    const vars = paramList(this.params);
    const sums = tf.tidy(() => tf.concat([tf.reshape(lossSum, [1]), evalSums, ...(this.checkpointing ? vars.map((v) => tf.reshape(v, [-1])) : [])]));
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
      const kept = better ? params : this.checkpoint?.kept;
      this.checkpoint = { epoch: this.epochsDone, selected: { ...this.selected }, learningRate: this.learningRate, params, ...(kept && { kept }) };
    }
    return {
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
      ...memoryNow(),
    };
  }

  /** Copies the current weights into the kept ones, on the device. */
  private keepCurrent(): void {
    loadParams(this.kept, paramList(this.params));
  }

  /** The weights predictions use: the kept epoch's, or the current ones before any epoch is kept. */
  private get serving(): AutoRecParams {
    return this.selected.epoch > 0 ? this.kept : this.params;
  }

  /**
   * The model's clipped predictions of every item for one user (dense index), one readback.
   * I-AutoRec reconstructs every item row and keeps the user's column; U-AutoRec reconstructs the user's row.
   */
  async predictUser(user: number): Promise<Float32Array> {
    const { train, ratingMin, ratingMax } = this.data;
    const p = this.serving;
    const B = this.config.batchSize;
    const byItem = this.config.variant === 'I';
    const parts: tf.Tensor[] = [];
    if (this.sparse) {
      // Only the asked-for entries: one per item row (I) or every item of the user's row (U).
      const at: CsrBlock = byItem ? oneColumn(B, user, train.cols) : allColumns(B, train.cols);
      for (let from = 0; from < (byItem ? train.rows : 1); from += B) {
        const x = this.block(train, byItem ? this.identity : Int32Array.of(user), from);
        parts.push(tf.tidy(() => decodeAt(p, encodeSparse(p, x, this.config), at, this.config)));
      }
    } else if (byItem) {
      for (let at = 0; at < train.rows; at += B) {
        const x = this.batch(train, this.identity, at, this.bufs.x);
        parts.push(tf.tidy(() => tf.slice(forward(p, x, this.config), [0, user], [B, 1])));
        x.dispose();
      }
    } else {
      const x = this.batch(train, Int32Array.of(user), 0, this.bufs.x);
      parts.push(tf.tidy(() => tf.slice(forward(p, x, this.config), [0, 0], [1, train.cols])));
      x.dispose();
    }
    const all = tf.tidy(() => tf.clipByValue(tf.reshape(tf.concat(parts), [-1]), ratingMin, ratingMax));
    tf.dispose(parts);
    const values = (await all.data()) as Float32Array;
    all.dispose();
    return values.slice(0, byItem ? train.rows : train.cols);
  }

  /**
   * The serving model's clipped predictions at every entry of `m` (a matrix over the training rows and
   * columns, e.g. the validation or the test set), in m's CSR order; one readback per batch. Tuning asks
   * for validation predictions to choose an ensemble, and for the test set's once, at the very end.
   */
  async predictAt(m: Csr): Promise<Float32Array> {
    const { train, ratingMin, ratingMax } = this.data;
    if (m.rows !== train.rows || m.cols !== train.cols) throw new Error(`predictAt: a ${m.rows} x ${m.cols} matrix, the model's rows are ${train.rows} x ${train.cols}`);
    const p = this.serving;
    const B = this.config.batchSize;
    const out = new Float32Array(m.values.length);
    for (let at = 0; at < train.rows; at += B) {
      const from = m.rowPtr[at];
      const to = m.rowPtr[Math.min(at + B, train.rows)];
      if (to === from) continue;
      if (this.sparse) {
        const x = this.block(train, this.identity, at);
        const where = this.block(m, this.identity, at);
        const pred = tf.tidy(() => tf.clipByValue(decodeAt(p, encodeSparse(p, x, this.config), where, this.config), ratingMin, ratingMax));
        const values = (await pred.data()) as Float32Array;
        pred.dispose();
        out.set(values.subarray(0, to - from), from);
      } else {
        const x = this.batch(train, this.identity, at, this.bufs.x);
        const pred = tf.tidy(() => tf.clipByValue(forward(p, x, this.config), ratingMin, ratingMax));
        x.dispose();
        const dense = (await pred.data()) as Float32Array;
        pred.dispose();
        for (let r = at; r < Math.min(at + B, train.rows); r++) {
          for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) out[k] = dense[(r - at) * m.cols + m.colIdx[k]];
        }
      }
    }
    return out;
  }

  /** The serving model's weights (paramList order), read back: what a tuning trial keeps of itself. */
  async servingWeights(): Promise<Float32Array[]> {
    return Promise.all(paramList(this.serving).map(async (v) => (await v.data()) as Float32Array));
  }

  dispose(): void {
    disposeParams(this.params);
    disposeParams(this.kept);
    this.optimizer.dispose();
    heapKernels()?.release(); // the pooled weight-gradient buffers
  }

  private get sparse(): boolean {
    return this.config.compute === 'sparse';
  }

  /** The dense path's host buffers (a bug to ask for them on the sparse path). */
  private get bufs(): DenseBuffers {
    if (!this.denseBufs) throw new Error('the sparse path has no dense batch buffers');
    return this.denseBufs;
  }

  /** One optimizer step on a dense batch; returns the batch's masked SSE (not read back). */
  private denseStep(order: Int32Array, at: number): tf.Scalar {
    const x = this.batch(this.data.train, order, at, this.bufs.x);
    const seed = Math.floor(this.uniform() * 2 ** 31);
    const loss = this.applyStep(() => maskedSse(forward(this.params, x, this.config, seed), x));
    x.dispose();
    return loss;
  }

  /** The same step computed only at the batch's observed entries. */
  private sparseStep(x: CsrBlock): tf.Scalar {
    const seed = Math.floor(this.uniform() * 2 ** 31);
    const vals = tf.tensor1d(x.val);
    const loss = this.applyStep(() => tf.sum(tf.square(residuals(decodeAt(this.params, encodeSparse(this.params, x, this.config, seed), x, this.config), vals, x))));
    vals.dispose();
    return loss;
  }

  private applyStep(lossFn: () => tf.Scalar): tf.Scalar {
    const { l2 } = this.config;
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(lossFn, paramList(this.params));
      if (l2 > 0 && !this.optimizerDecays) for (const w of weightList(this.params)) grads[w.name] = tf.add(grads[w.name], tf.mul(w, l2));
      this.optimizer.applyGradients(grads as tf.NamedTensorMap);
      return value;
    });
  }

  /** [train SSE, validation SSE, validation absolute error, test SSE, test absolute error] of one evaluation batch. */
  private evalSums(p: AutoRecParams, at: number): tf.Tensor1D {
    return this.sparse ? this.sparseEval(p, at) : this.denseEval(p, at);
  }

  private denseEval(p: AutoRecParams, at: number): tf.Tensor1D {
    const { train, valid, test, ratingMin, ratingMax } = this.data;
    const { x: xBuf, t: tBuf, v: vBuf } = this.bufs;
    const x = this.batch(train, this.identity, at, xBuf);
    const t = this.evaluateTest ? this.batch(test, this.identity, at, tBuf) : undefined;
    const v = vBuf ? this.batch(valid, this.identity, at, vBuf) : undefined;
    const sums = tf.tidy(() => {
      const pred = forward(p, x, this.config);
      const [trSse] = clippedErrors(pred, x, ratingMin, ratingMax);
      const [vaSse, vaAe] = v ? clippedErrors(pred, v, ratingMin, ratingMax) : [tf.scalar(0), tf.scalar(0)];
      const [teSse, teAe] = t ? clippedErrors(pred, t, ratingMin, ratingMax) : [tf.scalar(0), tf.scalar(0)];
      return tf.stack([trSse, vaSse, vaAe, teSse, teAe]) as tf.Tensor1D;
    });
    tf.dispose([x, ...(t ? [t] : []), ...(v ? [v] : [])]);
    return sums;
  }

  /** The same sums, predicting only at the batch's training, validation and test entries. */
  private sparseEval(p: AutoRecParams, at: number): tf.Tensor1D {
    const { train, valid, test, ratingMin, ratingMax } = this.data;
    const x = this.block(train, this.identity, at);
    const t = this.evaluateTest ? this.block(test, this.identity, at) : undefined;
    const v = valid.values.length > 0 ? this.block(valid, this.identity, at) : undefined;
    return tf.tidy(() => {
      const h = encodeSparse(p, x, this.config);
      const errors = (b: CsrBlock) => residuals(tf.clipByValue(decodeAt(p, h, b, this.config), ratingMin, ratingMax), tf.tensor1d(b.val), b);
      const eTrain = errors(x);
      const eValid = v ? errors(v) : tf.zeros([1]);
      const eTest = t ? errors(t) : tf.zeros([1]);
      return tf.stack([tf.sum(tf.square(eTrain)), tf.sum(tf.square(eValid)), tf.sum(tf.abs(eValid)), tf.sum(tf.square(eTest)), tf.sum(tf.abs(eTest))]) as tf.Tensor1D;
    });
  }

  /** The CSR rows `order[at .. at+B)`, padded with empty rows past the end of `order`. */
  private block(m: Csr, order: Int32Array, at: number): CsrBlock {
    const B = this.config.batchSize;
    for (let b = 0; b < B; b++) this.rowsBuf[b] = at + b < order.length ? order[at + b] : -1;
    return csrBlock(m, this.rowsBuf, this.capacity(m));
  }

  /** The most entries a block of m can hold, where blocks are padded; 0 where they are not. */
  private capacity(m: Csr): number {
    if (!padsBlocks()) return 0;
    let c = this.capacities.get(m);
    if (c === undefined) this.capacities.set(m, (c = Math.max(1, longestRows(m.rowPtr, this.config.batchSize))));
    return c;
  }

  /** Dense block of `order[at .. at+B)`, padded with zero rows past the end of `order`. */
  private batch(m: Csr, order: Int32Array, at: number, buf: Float32Array): tf.Tensor2D {
    const B = this.config.batchSize;
    for (let b = 0; b < B; b++) this.rowsBuf[b] = at + b < order.length ? order[at + b] : -1;
    return tf.tensor2d(densifyRows(m, this.rowsBuf, buf), [B, m.cols]);
  }
}

/** pred - vals at the block's entries; 0 at a padded block's padding (value 0: ratings are above 0). */
function residuals(pred: tf.Tensor1D, vals: tf.Tensor1D, b: CsrBlock): tf.Tensor1D {
  const e = tf.sub(pred, vals) as tf.Tensor1D;
  return b.ptr[b.rows] < b.col.length ? (tf.mul(e, tf.sign(vals)) as tf.Tensor1D) : e;
}

/** One entry per block row, at column `col` of `cols`: what I-AutoRec needs to predict one user for every item. */
function oneColumn(rows: number, col: number, cols: number): CsrBlock {
  return {
    rows,
    cols,
    ptr: Int32Array.from({ length: rows + 1 }, (_, b) => b),
    col: new Int32Array(rows).fill(col),
    val: new Float32Array(rows),
    row: Int32Array.from({ length: rows }, (_, b) => b),
  };
}

/** Every column of block row 0 (of `rows`, the rest empty): U-AutoRec's prediction of every item for one user. */
function allColumns(rows: number, cols: number): CsrBlock {
  const ptr = new Int32Array(rows + 1).fill(cols, 1);
  return { rows, cols, ptr, col: Int32Array.from({ length: cols }, (_, c) => c), val: new Float32Array(cols), row: new Int32Array(cols) };
}
