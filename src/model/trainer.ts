import * as tf from '@tensorflow/tfjs';
import { densifyRows } from '../data/csr';
import type { Prepared } from '../data/prepare';
import { makeRng, shuffle } from '../data/rng';
import type { Csr } from '../data/types';
import { createParams, decodeAt, disposeParams, encodeSparse, forward, loadParams, paramList, weightList, type AutoRecParams } from './autorec';
import { wasmHeapBytes } from './kernels/heap';
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

/** The weights as of an epoch, on the CPU: what survives a lost GPU. */
export interface Checkpoint {
  epoch: number;
  best: { epoch: number; testRmse: number };
  params: Float32Array[];
}

/** Checkpoints ride along with the epoch's one readback while the weights are at most this many floats. */
export const CHECKPOINT_MAX_FLOATS = 8 * 2 ** 20;

/**
 * Trains AutoRec one epoch at a time. Every batch has the same shape (the last one is padded with
 * zero rows, which the masked loss ignores), sums accumulate on the device, and each epoch reads
 * back once.
 */
export class AutoRecTrainer {
  private readonly params: AutoRecParams;
  private readonly optimizer: tf.Optimizer;
  /** True when the optimizer adds the L2 term itself (FusedAdam). */
  private readonly optimizerDecays: boolean;
  private readonly uniform: () => number;
  private readonly order: Int32Array;
  private readonly identity: Int32Array;
  private readonly xBuf: Float32Array;
  private readonly tBuf: Float32Array;
  private readonly rowsBuf: Int32Array;
  /** Entries per block of each matrix where blocks are padded to one size (padsBlocks), else 0. */
  private readonly capacities = new Map<Csr, number>();
  private epochsDone = 0;
  private best = { epoch: 0, testRmse: Infinity };
  private readonly checkpointing: boolean;
  /** The last epoch's weights, when checkpointing (small enough models). */
  checkpoint?: Checkpoint;

  constructor(
    private readonly data: TrainData,
    private readonly config: TrainConfig,
  ) {
    const { rows, cols } = data.train;
    this.params = createParams(cols, config, config.seed);
    this.checkpointing = paramList(this.params).reduce((n, v) => n + v.size, 0) <= CHECKPOINT_MAX_FLOATS;
    const decay = new Map(weightList(this.params).map((w) => [w.name, config.l2] as const));
    ({ optimizer: this.optimizer, handlesDecay: this.optimizerDecays } = makeOptimizer(config.optimizer, config.learningRate, decay));
    this.uniform = makeRng(config.seed ^ 0x5eed);
    this.identity = Int32Array.from({ length: rows }, (_, i) => i);
    this.order = this.identity.slice();
    this.xBuf = new Float32Array(config.batchSize * cols);
    this.tBuf = new Float32Array(config.batchSize * cols);
    this.rowsBuf = new Int32Array(config.batchSize);
  }

  get epoch(): number {
    return this.epochsDone;
  }

  /** Continues from a checkpoint (weights and epoch count; optimizer moments start afresh). */
  restore(c: Checkpoint): void {
    loadParams(this.params, c.params);
    this.epochsDone = c.epoch;
    this.best = { ...c.best };
    this.checkpoint = c;
  }

  setLearningRate(lr: number): void {
    setLearningRate(this.optimizer, lr);
  }

  async trainEpoch(): Promise<EpochStats> {
    const start = performance.now();
    const { train, test, unseen } = this.data;
    const B = this.config.batchSize;
    shuffle(this.order, this.uniform);
    let lossSum: tf.Scalar = tf.scalar(0);
    for (let at = 0; at < train.rows; at += B) {
      const loss = this.sparse ? this.sparseStep(this.block(train, this.order, at)) : this.denseStep(this.order, at);
      const next: tf.Scalar = tf.add(lossSum, loss);
      tf.dispose([loss, lossSum]);
      lossSum = next;
    }
    let evalSums: tf.Tensor1D = tf.zeros([3]); // train SSE, test SSE, test absolute error
    for (let at = 0; at < train.rows; at += B) {
      const next = this.sparse ? this.sparseEval(at) : this.denseEval(at);
      const sum = tf.add(evalSums, next) as tf.Tensor1D;
      tf.dispose([next, evalSums]);
      evalSums = sum;
    }
    const vars = paramList(this.params);
    const sums = tf.tidy(() => tf.concat([tf.reshape(lossSum, [1]), evalSums, ...(this.checkpointing ? vars.map((v) => tf.reshape(v, [-1])) : [])]));
    tf.dispose([lossSum, evalSums]);
    const all = (await sums.data()) as Float32Array;
    sums.dispose();
    const [loss, trSse, teSse, teAe] = all;
    this.epochsDone++;
    const nTrain = train.values.length;
    const nTest = test.values.length + unseen.ratings;
    const testRmse = nTest > 0 ? Math.sqrt((teSse + unseen.sse) / nTest) : NaN;
    if (testRmse < this.best.testRmse) this.best = { epoch: this.epochsDone, testRmse };
    if (this.checkpointing) {
      let at = 4;
      const params = vars.map((v) => all.slice(at, (at += v.size)));
      this.checkpoint = { epoch: this.epochsDone, best: { ...this.best }, params };
    }
    return {
      epoch: this.epochsDone,
      trainLoss: loss / nTrain,
      trainRmse: Math.sqrt(trSse / nTrain),
      testRmse,
      testMae: nTest > 0 ? (teAe + unseen.absErr) / nTest : NaN,
      bestEpoch: this.best.epoch,
      bestTestRmse: this.best.testRmse,
      ms: performance.now() - start,
      ...memoryNow(),
    };
  }

  /**
   * The model's clipped predictions of every item for one user (dense index), one readback.
   * I-AutoRec reconstructs every item row and keeps the user's column; U-AutoRec reconstructs the user's row.
   */
  async predictUser(user: number): Promise<Float32Array> {
    const { train, ratingMin, ratingMax } = this.data;
    const B = this.config.batchSize;
    const byItem = this.config.variant === 'I';
    const parts: tf.Tensor[] = [];
    if (this.sparse) {
      // Only the asked-for entries: one per item row (I) or every item of the user's row (U).
      const at: CsrBlock = byItem ? oneColumn(B, user) : allColumns(train.cols);
      for (let from = 0; from < (byItem ? train.rows : 1); from += B) {
        const x = this.block(train, byItem ? this.identity : Int32Array.of(user), from);
        parts.push(tf.tidy(() => decodeAt(this.params, encodeSparse(this.params, x, this.config), at, this.config)));
      }
    } else if (byItem) {
      for (let at = 0; at < train.rows; at += B) {
        const x = this.batch(train, this.identity, at, this.xBuf);
        parts.push(tf.tidy(() => tf.slice(forward(this.params, x, this.config), [0, user], [B, 1])));
        x.dispose();
      }
    } else {
      const x = this.batch(train, Int32Array.of(user), 0, this.xBuf);
      parts.push(tf.tidy(() => tf.slice(forward(this.params, x, this.config), [0, 0], [1, train.cols])));
      x.dispose();
    }
    const all = tf.tidy(() => tf.clipByValue(tf.reshape(tf.concat(parts), [-1]), ratingMin, ratingMax));
    tf.dispose(parts);
    const values = (await all.data()) as Float32Array;
    all.dispose();
    return values.slice(0, byItem ? train.rows : train.cols);
  }

  dispose(): void {
    disposeParams(this.params);
    this.optimizer.dispose();
  }

  private get sparse(): boolean {
    return this.config.compute === 'sparse';
  }

  /** One optimizer step on a dense batch; returns the batch's masked SSE (not read back). */
  private denseStep(order: Int32Array, at: number): tf.Scalar {
    const x = this.batch(this.data.train, order, at, this.xBuf);
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

  /** [train SSE, test SSE, test absolute error] of one dense evaluation batch. */
  private denseEval(at: number): tf.Tensor1D {
    const { train, test, ratingMin, ratingMax } = this.data;
    const x = this.batch(train, this.identity, at, this.xBuf);
    const t = this.batch(test, this.identity, at, this.tBuf);
    const sums = tf.tidy(() => {
      const pred = forward(this.params, x, this.config);
      const [trSse] = clippedErrors(pred, x, ratingMin, ratingMax);
      const [teSse, teAe] = clippedErrors(pred, t, ratingMin, ratingMax);
      return tf.stack([trSse, teSse, teAe]) as tf.Tensor1D;
    });
    tf.dispose([x, t]);
    return sums;
  }

  /** The same sums, predicting only at the batch's training and test entries. */
  private sparseEval(at: number): tf.Tensor1D {
    const { train, test, ratingMin, ratingMax } = this.data;
    const x = this.block(train, this.identity, at);
    const t = this.block(test, this.identity, at);
    return tf.tidy(() => {
      const h = encodeSparse(this.params, x, this.config);
      const errors = (b: CsrBlock) => residuals(tf.clipByValue(decodeAt(this.params, h, b, this.config), ratingMin, ratingMax), tf.tensor1d(b.val), b);
      const eTrain = errors(x);
      const eTest = errors(t);
      return tf.stack([tf.sum(tf.square(eTrain)), tf.sum(tf.square(eTest)), tf.sum(tf.abs(eTest))]) as tf.Tensor1D;
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

/** One entry per block row, at column `col`: what I-AutoRec needs to predict one user for every item. */
function oneColumn(rows: number, col: number): CsrBlock {
  return {
    rows,
    cols: col + 1,
    ptr: Int32Array.from({ length: rows + 1 }, (_, b) => b),
    col: new Int32Array(rows).fill(col),
    val: new Float32Array(rows),
    row: Int32Array.from({ length: rows }, (_, b) => b),
  };
}

/** Every column of block row 0: U-AutoRec's prediction of every item for one user. */
function allColumns(cols: number): CsrBlock {
  return { rows: 1, cols, ptr: Int32Array.of(0, cols), col: Int32Array.from({ length: cols }, (_, c) => c), val: new Float32Array(cols), row: new Int32Array(cols) };
}
