import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../data/types';
import { heapKernels } from '../compute/wasm/wasm-heap';
import type { TrainConfig } from '../config/config';
import type { LiveChanges } from '../config/settings';
import type { RatingModel } from '../model/rating-model';
import { InputRows } from '../model/input-rows';
import { createModel } from '../model/create-model';
import { averagedWeights, updateAverage } from './averaging';
import { BatchOrder, batchRows } from './batch-order';
import { checkpointOf, checkpoints, checkpointTensors, loadSavedState, readSavedState, restoreCheckpoint, settleCheckpoint, type Checkpoint, type Progress, type SavedTrainerState, type TrainerParts } from './checkpoint';
import { epochFigures, epochStats, evalSums, rankingFigures, type EpochStats, type LiveFigures } from './metrics';
import type { RankingTask } from '../data/ranking';
import { EpochRanking } from './epoch-ranking';
import { makeOptimizer, optimizerStep, setL2, setLearningRate, type RunOptimizer } from './optimizer';
import { FusedTraining, fusedRefusal } from './fused-training';
import { predictAt, userEntries } from './predict';
import type { TrainData } from './prepare';
import { makeReadout, type Readout } from './readout';
import { Selection, type Selected } from './selection';
import { nextStage } from './stages';

/**
 * Called between batches (training and evaluation) of an epoch, with the batches done and the epoch's
 * total: a run controller yields to its event loop there (so Pause, Stop and a new learning rate take
 * effect within one batch, or a few milliseconds of them, on every backend), waits while paused, and returns
 * false to abandon the epoch.
 */
export type BetweenBatches = (done: number, total: number) => boolean | Promise<boolean>;

export interface TrainerOptions {
  /**
   * False: the per-epoch evaluation skips the test set (testRmse is NaN). Tuning trials train this way, so
   * that the search cannot look at the test set at all (and evaluation is cheaper).
   */
  evaluateTest?: boolean;
  /**
   * The users, relevant test items and seen items of the per-epoch ranking metrics (precision, recall, NDCG at 10:
   * src/data/ranking.ts); absent (or without evaluateTest): those figures are NaN.
   */
  ranking?: RankingTask;
  /**
   * Whether epochs measure the ranking (default true where a task is given): it costs a decoder pass over the
   * ranked users × items, about an epoch's training again on ML-100K, so the page asks for it only while its chart
   * shows NDCG@10 and the commands only at the end (setRanking turns it on or off between epochs).
   */
  rankEpochs?: boolean;
  /**
   * Whether the evaluation also measures every training rating (train RMSE: the decoder at every training entry,
   * most of the evaluation's work). Default true. Off, train RMSE is the steps' own (the root of the epoch's mean
   * squared error, the same thing) where dropout is 0, else NaN; the page asks for it while its epoch table is open,
   * and the benchmarks never do (setTrainRmse turns it on or off between epochs).
   */
  trainRmse?: boolean;
  /**
   * Whether the default model trains and is evaluated through the fused step where it can (./fused-training.ts: the
   * wasm backend; default true): the same numbers as tfjs's ops, without them. False: tfjs's ops, the reference.
   */
  fusedStep?: boolean;
  /**
   * Whether each epoch's readback carries a checkpoint of the weights (small models), to continue after a lost GPU;
   * default: on the backends whose device can be lost (checkpoint.ts DEVICE_BACKENDS). On wasm it was 5-10% of a
   * fast epoch (a copy and a readback of every weight) for a loss that cannot happen there.
   */
  checkpoints?: boolean;
}

/**
 * Trains a rating model (AutoRec, AutoRec+) one epoch at a time. Every batch has the same shape (the last one is
 * padded with zero rows, which the masked loss ignores), sums accumulate on the device, and each epoch reads back
 * once: its figures (./metrics.ts) and, for small models, its checkpoint (./checkpoint.ts). The kept epoch
 * (./selection.ts), not the last one, serves predictions (./predict.ts); see also ./averaging.ts and ./stages.ts.
 */
export class Trainer {
  private readonly model: RatingModel;
  private readonly selector: Selection;
  /** The averaged weights (config.average > 0): what evaluation, the kept epoch and predictions use. */
  private readonly averaged?: RatingModel;
  private readonly opt: RunOptimizer;
  private readonly order: BatchOrder;
  /** Where predictions are compared with ratings: a block's entries (sparse) or whole dense rows. */
  private readonly readout: Readout;
  private readonly ids: Int32Array;
  private readonly progress: Progress;
  /** The last epoch's weights, when checkpointing (small enough models). */
  checkpoint?: Checkpoint;
  private readonly checkpointing: boolean;
  private readonly evaluateTest: boolean;
  /** The per-epoch ranking while it is measured (rankEpochs, setRanking); `rankTask` what it measures. */
  private ranking?: EpochRanking;
  private readonly rankTask?: RankingTask;
  private rankWanted: boolean;
  private trainRmseWanted: boolean;
  /** The fused step, where this run can take it. */
  private readonly fused?: FusedTraining;

  constructor(
    private readonly data: TrainData,
    private config: TrainConfig,
    options: TrainerOptions = {},
  ) {
    this.evaluateTest = options.evaluateTest ?? true;
    if (options.ranking && this.evaluateTest && options.ranking.users.length > 0) this.rankTask = options.ranking;
    this.rankWanted = options.rankEpochs ?? true;
    this.trainRmseWanted = options.trainRmse ?? true;
    const sparse = config.compute === 'sparse';
    this.model = createModel(config, new InputRows(data.train, sparse));
    this.selector = new Selection(this.model.snapshot());
    this.averaged = averagedWeights(config, this.model);
    this.readout = makeReadout(sparse, config.batchSize);
    this.checkpointing = checkpoints(this.model, options.checkpoints);
    const fuse = (options.fusedStep ?? true) && fusedRefusal(config, this.model) === undefined;
    this.opt = makeOptimizer(config.optimizer, config.learningRate, new Map(this.model.decayed.map((w) => [w.name, config.l2] as const)), fuse);
    this.progress = { epoch: 0, stageStart: 0, learningRate: config.learningRate };
    this.order = new BatchOrder(config.seed, data.train.rows);
    this.ids = new Int32Array(config.batchSize);
    if (fuse) this.fused = FusedTraining.for(config, this.model, this.opt, data);
  }

  /** Whether the run trains through the fused step (see TrainerOptions.fusedStep). */
  get fusedStep(): boolean {
    return this.fused !== undefined;
  }

  get epoch(): number {
    return this.progress.epoch;
  }

  /** The epoch the run keeps so far (epoch 0 when none is kept yet). */
  get selection(): Selected {
    return this.selector.current;
  }

  /** Whether validation ratings exist: selection by validation RMSE, else the last finite epoch is kept. */
  get validates(): boolean {
    return this.data.valid.values.length + this.data.unseenValid.ratings > 0;
  }

  /** Batches per epoch: training plus evaluation (what BetweenBatches counts). */
  get batchesPerEpoch(): number {
    return 2 * Math.ceil(this.data.train.rows / this.config.batchSize);
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

  /** Continues from a checkpoint (weights, the kept weights, epoch count; optimizer moments start afresh). */
  restore(c: Checkpoint): void {
    this.fused?.forget();
    restoreCheckpoint(c, this.parts);
    this.setLearningRate(c.learningRate);
    this.checkpoint = c;
  }

  /** The trainer's state, read back from the device: what a saved model holds (see SavedTrainerState). */
  async saveState(): Promise<SavedTrainerState> {
    this.fused?.sync();
    return readSavedState(this.parts);
  }

  /** Continues from a saved state exactly where it stopped (optimizer state, generator and row order included). */
  async loadState(s: SavedTrainerState): Promise<void> {
    this.fused?.forget();
    await loadSavedState(s, this.parts);
    this.setLearningRate(s.learningRate);
  }

  /** Takes effect at the next batch. */
  setLearningRate(lr: number): void {
    this.progress.learningRate = lr;
    setLearningRate(this.opt.optimizer, lr);
  }

  /**
   * Live settings (LIVE_SETTINGS): the learning rate, λ, dropout and λs take effect at the next batch, the weights
   * and the optimizer's moments stay; the epoch cap and patience at the end of the epoch (the stage schedule too).
   */
  setLive(changes: LiveChanges): void {
    this.config = { ...this.config, ...changes };
    if (changes.learningRate !== undefined) this.setLearningRate(changes.learningRate);
    if (changes.l2 !== undefined) setL2(this.opt, changes.l2);
    if (changes.dropout !== undefined || changes.kernelL2 !== undefined) this.model.retune(this.config);
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
    this.applyRanking();
    const { train } = this.data;
    const B = this.config.batchSize;
    const total = this.batchesPerEpoch;
    const progress = this.progress;
    const stage = this.model.stage;
    const measureTrain = this.trainRmseWanted;
    let done = 0;
    this.order.shuffle();
    let lossSum: tf.Scalar = tf.scalar(0);
    // [train SSE, validation SSE, validation absolute error, test SSE, test absolute error]
    let sums: tf.Tensor1D | undefined;
    let ranked: tf.Tensor1D | undefined;
    const fused = this.fused;
    try {
      fused?.begin();
      try {
        for (let at = 0; at < train.rows; at += B) {
          if (!(await between(done++, total))) return undefined;
          const ids = batchRows(this.order.rows, at, this.ids);
          const dropoutSeed = Math.floor(this.order.next() * 2 ** 31);
          if (fused) {
            fused.train(ids, this.config.dropout, dropoutSeed);
            continue;
          }
          const where = this.readout.at(train, ids);
          const loss = optimizerStep(this.model, this.opt, ids, where, this.config.l2, dropoutSeed);
          where.dispose();
          const next: tf.Scalar = tf.add(lossSum, loss);
          tf.dispose([loss, lossSum]);
          lossSum = next;
        }
      } finally {
        fused?.sync();
      }
      if (this.averaged) updateAverage(this.averaged, this.model, this.config.average, progress.epoch === progress.stageStart);
      sums = tf.zeros([5]);
      this.evaluated.freeze?.();
      // the fused step measures its own weights: those evaluated unless the run averages them
      const fusedEval = fused !== undefined && !this.averaged;
      for (let at = 0; at < train.rows; at += B) {
        if (!(await between(done++, total))) return undefined;
        const ids = batchRows(this.order.inPlace, at, this.ids);
        if (fusedEval) {
          fused.evaluate(ids, this.evaluateTest, measureTrain);
          continue;
        }
        const next = evalSums(this.evaluated, this.data, this.readout, ids, this.evaluateTest, measureTrain);
        const sum = tf.add(sums, next) as tf.Tensor1D;
        tf.dispose([next, sums]);
        sums = sum;
      }
      if (fused) {
        // the epoch's loss (and, where it evaluated, its sums) from the fused step
        const took = fused.take();
        tf.dispose([lossSum, ...(fusedEval ? [sums] : [])]);
        lossSum = took.loss;
        if (fusedEval) sums = took.sums;
        else took.sums.dispose();
      }
      // the test users' top 10 by the evaluated weights, for precision/recall/NDCG (read back with the sums)
      ranked = this.ranking?.topItems(this.evaluated, this.config);
    } finally {
      this.evaluated.thaw?.();
      if (done < total || sums === undefined) tf.dispose([lossSum, ...(sums ? [sums] : [])]);
    }
    const read = tf.tidy(() => tf.concat([tf.reshape(lossSum, [1]), sums, ...(ranked ? [ranked] : []), ...(this.checkpointing ? checkpointTensors(this.parts) : [])]));
    tf.dispose([lossSum, sums, ...(ranked ? [ranked] : [])]);
    const all = (await read.data()) as Float32Array;
    read.dispose();
    progress.epoch++;
    const { finite, ...figures } = epochFigures(all, this.data, this.evaluateTest, measureTrain ? 'evaluation' : this.config.dropout === 0 ? 'steps' : 'none');
    const rankedSize = ranked ? this.ranking!.size : 0;
    const rank = ranked ? this.ranking!.figures(all.subarray(6, 6 + rankedSize)) : undefined;
    const isKept = this.selector.offer(progress.epoch, { ...figures, finite }, this.validates, this.evaluated, this.model.stage);
    if (this.checkpointing && finite) this.checkpoint = checkpointOf(all, 6 + rankedSize, this.parts, isKept, this.checkpoint);
    const selected = this.selector.current;
    const stats = epochStats(progress.epoch, { ...figures, ...rankingFigures(rank) }, this.liveNow, selected, start, stage, progress.stageStart);
    if (finite) progress.stageStart = nextStage(this.model, this.selector.kept, this.config, { ...progress, selectedEpoch: selected.epoch, validates: this.validates });
    // the next epoch continues in the stage (and from the weights) nextStage left
    const stageBegan = progress.stageStart === progress.epoch && this.model.stage !== stage;
    if (this.checkpoint?.epoch === progress.epoch) await settleCheckpoint(this.checkpoint, this.parts, stageBegan);
    return stats;
  }

  /**
   * The model's predictions of every item for one user (dense index), one readback per batch: clipped to the
   * rating scale, or `raw` (what a top list ranks by: two items clipped to the top keep their order).
   */
  async predictUser(user: number, raw = false): Promise<Float32Array> {
    return predictAt(this.serving, this.data, this.readout, this.order.inPlace, this.config.batchSize, userEntries(this.data.train, this.config.variant === 'I', user), !raw);
  }

  /**
   * The serving model's clipped predictions at every entry of `m` (a matrix over the training rows and
   * columns, e.g. the validation or the test set), in m's CSR order; one readback per batch. Tuning asks
   * for validation predictions to choose an ensemble, and for the test set's once, at the very end.
   */
  async predictAt(m: Csr): Promise<Float32Array> {
    return predictAt(this.serving, this.data, this.readout, this.order.inPlace, this.config.batchSize, m);
  }

  /** The serving model's weights (params order), read back: what a tuning trial keeps of itself. */
  async servingWeights(): Promise<Float32Array[]> {
    return Promise.all(this.serving.params.map(async (v) => (await v.data()) as Float32Array));
  }

  dispose(): void {
    this.fused?.dispose();
    this.model.dispose();
    this.ranking?.dispose();
    this.selector.kept.dispose();
    this.averaged?.dispose();
    this.opt.optimizer.dispose();
    heapKernels()?.release(); // the pooled weight-gradient buffers
  }

  /** The weights an epoch's evaluation measures: the averaged ones when the run averages, else the current ones. */
  private get evaluated(): RatingModel {
    return this.averaged ?? this.model;
  }

  /** The model predictions use: the kept epoch's weights, or the evaluated ones before any epoch is kept. */
  private get serving(): RatingModel {
    const s = this.selector.serving(this.evaluated);
    // before any epoch is kept the live weights serve: mid-epoch (a pause) the fused step holds the newest
    if (s === this.evaluated) this.fused?.sync();
    return s;
  }

  /** Measures train RMSE over every training rating from the next epoch on, or not (see TrainerOptions.trainRmse). */
  setTrainRmse(on: boolean): void {
    this.trainRmseWanted = on;
  }

  /** Measures the ranking from the next epoch on, or stops measuring it (the figures are NaN then). */
  setRanking(on: boolean): void {
    this.rankWanted = on;
  }

  /** At an epoch's start (never inside one: its readback holds the ranked items): the ranking as asked for. */
  private applyRanking(): void {
    const on = this.rankWanted && this.rankTask !== undefined;
    if (on && !this.ranking) this.ranking = new EpochRanking(this.rankTask!, this.config.variant === 'I' ? this.data.train.rows : this.data.train.cols);
    if (!on && this.ranking) {
      this.ranking.dispose();
      this.ranking = undefined;
    }
  }

  /** The live settings in effect at the end of the epoch, as the epoch's stats record them. */
  private get liveNow(): LiveFigures {
    const { l2, dropout, kernelL2, model } = this.config;
    return { learningRate: this.progress.learningRate, l2, dropout, ...(model === 'plus' && { kernelL2 }) };
  }

  private get parts(): TrainerParts {
    return { model: this.model, selection: this.selector, averaged: this.averaged, optimizer: this.opt.optimizer, progress: this.progress, order: this.order };
  }
}
