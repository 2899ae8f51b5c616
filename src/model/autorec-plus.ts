import * as tf from '@tensorflow/tfjs';
import { makeNormal, makeRng } from '../data/rng';
import { assignValues, copyParams, createParams, decodeTarget, disposeParams, disposeWeights, encodeDense, encodeRows, paramList, weightList, type AutoRecParams, type ModelShape } from './autorec';
import type { AutoRecWeights, Layer } from './rating-model';
import { memberSeed, type TrainConfig } from '../config/config';
import { convolvedRows, globalKernel, GLOBAL_SIZE } from './global-kernel';
import { kernelized, kernelSquares } from './local-kernel';
import type { RatingModel, Retune, Target } from './rating-model';
import type { InputRows } from './input-rows';

export type PlusShape = ModelShape & Pick<TrainConfig, 'kernelDim' | 'kernelL2' | 'members' | 'batchSize' | 'globalEpochs'>;

/** Starting spread of the kernel vectors (GLocal-K: truncated normal, 1e-3): every connection starts at about 1. */
const KERNEL_INIT = 1e-3;
/** Starting spread of the global kernel's weights (GLocal-K: truncated normal, 0.1). */
const CONV_INIT = 0.1;

export { memberSeed } from '../config/config';

/** Normal draws clipped at two standard deviations (TensorFlow's truncated normal, by clipping). */
function truncated(n: number, std: number, seed: number): Float32Array {
  const normal = makeNormal(makeRng(seed));
  return Float32Array.from({ length: n }, () => std * Math.max(-2, Math.min(2, normal())));
}

/** The kernel vectors of one layer: u for the rows of its stored weight, v for its columns. */
interface KernelVectors {
  readonly u: tf.Variable<tf.Rank.R2>;
  readonly v: tf.Variable<tf.Rank.R2>;
}

/**
 * One member: AutoRec's parameters (same draws from the same seed), a kernel per layer when kernelDim > 0,
 * and the global-kernel stage's weights: `conv` [rows, 9] (trained in that stage only) and `averages` [rows]
 * (the pre-trained network's item-averaged output, set when the stage begins; not trained).
 */
interface Member {
  readonly p: AutoRecParams;
  readonly kernels: readonly KernelVectors[];
  readonly conv: tf.Variable<tf.Rank.R2>;
  readonly averages: tf.Variable<tf.Rank.R1>;
}

/** Glorot (Xavier) uniform draws for an n x m weight: ±sqrt(6 / (n + m)). */
function glorot(n: number, m: number, seed: number): Float32Array {
  const uniform = makeRng(seed);
  const limit = Math.sqrt(6 / (n + m));
  return Float32Array.from({ length: n * m }, () => limit * (2 * uniform() - 1));
}

let nextConv = 0;

function createMember(rows: number, inputDim: number, shape: PlusShape, seed: number): Member {
  const p = createParams(inputDim, shape, seed);
  const layers = [...p.encoder, p.decoder];
  const d = shape.kernelDim;
  // Kernelized layers start as GLocal-K's do (Glorot uniform): AutoRec's N(0, 0.01) leaves two sigmoid layers
  // nearly constant for dozens of epochs. Without the kernel the weights stay AutoRec's, draw for draw.
  if (d > 0) layers.forEach((l, k) => tf.tidy(() => l.w.assign(tf.tensor2d(glorot(l.w.shape[0], l.w.shape[1], seed ^ (0x676c6f00 + k)), l.w.shape))));
  const kernels = d === 0 ? [] : layers.map((l, k) => {
    const [n, m] = l.w.shape;
    return {
      u: tf.variable(tf.tensor2d(truncated(n * d, KERNEL_INIT, seed ^ (0x6b00 + 2 * k)), [n, d])),
      v: tf.variable(tf.tensor2d(truncated(m * d, KERNEL_INIT, seed ^ (0x6b01 + 2 * k)), [m, d])),
    };
  });
  // Named, not numbered: tfjs's optimizers keep their slots by position in Object.keys of the gradients, where
  // numbered names come first in numeric order and named ones after, in order. The global kernel's weights join in
  // the global stage only, so they must sort after every other parameter of every member.
  const conv = tf.variable(tf.tensor2d(truncated(rows * GLOBAL_SIZE ** 2, CONV_INIT, seed ^ 0x676c), [rows, GLOBAL_SIZE ** 2]), true, `global-kernel-${nextConv++}`);
  const averages = tf.variable(tf.zeros([rows]) as tf.Tensor1D, false);
  return { p, kernels, conv, averages };
}

const memberParams = (m: Member): tf.Variable[] => [...paramList(m.p), ...m.kernels.flatMap((k) => [k.u, k.v]), m.conv, m.averages];

/** The weights a member applies: W ⊙ K with a kernel, W itself without (then it is AutoRec exactly). */
function effective(m: Member): AutoRecWeights {
  if (m.kernels.length === 0) return m.p;
  const layer = (l: Layer, k: number): Layer => ({ w: kernelized(l.w, m.kernels[k].u, m.kernels[k].v), b: l.b });
  return { encoder: m.p.encoder.map(layer), decoder: layer(m.p.decoder, m.p.encoder.length) };
}

/** A member's kernelized weights as new tensors (biases copied too), which the caller disposes (disposeWeights). */
function ownedEffective(m: Member): AutoRecWeights {
  return tf.tidy(() => {
    const w = effective(m);
    return { encoder: w.encoder.map((l) => ({ w: l.w, b: tf.clone(l.b) })), decoder: { w: w.decoder.w, b: tf.clone(w.decoder.b) } };
  });
}

/** Stages of an AutoRec+ run: local kernels (pre-training), then fine-tuning on the globally convolved input. */
export type PlusStage = 'local' | 'global';

/**
 * AutoRec+: AutoRec with kernelized layers (Muller et al. 2018), GLocal-K's global-kernel fine-tuning stage (Han
 * et al. 2021) and an ensemble of `members` networks from different seeds, trained side by side on the same
 * batches (each on its own error) and averaged. Every part is a switch: kernelDim 0, no global stage and one
 * member is AutoRec, bit for bit (src/model/autorec-plus.test.ts).
 */
export class AutoRecPlus implements RatingModel {
  private convBuf?: Float32Array;
  /** Each member's kernelized weights, computed once while frozen (an evaluation pass). */
  private frozen?: AutoRecWeights[];
  private freezes = 0;

  private constructor(
    private readonly members: readonly Member[],
    private readonly input: InputRows,
    private shape: PlusShape,
    private stageNow: PlusStage,
  ) {}

  static create(input: InputRows, shape: PlusShape, seed: number): AutoRecPlus {
    const members = Array.from({ length: shape.members }, (_, k) => createMember(input.rows, input.cols, shape, memberSeed(seed, k)));
    return new AutoRecPlus(members, input, shape, 'local');
  }

  get stage(): PlusStage {
    return this.stageNow;
  }

  get plain(): boolean {
    return this.members.length === 1 && this.stageNow === 'local';
  }

  get params(): tf.Variable[] {
    return this.members.flatMap(memberParams);
  }

  retune({ dropout, kernelL2 }: Retune): void {
    this.shape = { ...this.shape, dropout, kernelL2 };
  }

  get decayed(): tf.Variable[] {
    return this.members.flatMap((m) => weightList(m.p));
  }

  /**
   * The local stage leaves the global kernel's weights alone; the averages are never trained. The order is the
   * optimizer's (see createMember): every member's other parameters as created, then the global kernels.
   */
  get trained(): tf.Variable[] {
    const always = this.members.flatMap((m) => memberParams(m).filter((v) => v !== m.averages && v !== m.conv));
    return this.stageNow === 'global' ? [...always, ...this.members.map((m) => m.conv)] : always;
  }

  predict(ids: Int32Array, targets: readonly Target[], dropoutSeed?: number): tf.Tensor[] {
    const per = this.members.map((_, k) => this.memberPredict(k, ids, targets, dropoutSeed === undefined ? undefined : dropoutSeed + k));
    if (per.length === 1) return per[0];
    return targets.map((_, t) => tf.div(tf.addN(per.map((p) => p[t])), tf.scalar(per.length)));
  }

  objective(ids: Int32Array, target: Target, sse: (pred: tf.Tensor) => tf.Scalar, dropoutSeed: number): { sse: tf.Scalar; objective: tf.Scalar } {
    const errors = this.members.map((_, k) => sse(this.memberPredict(k, ids, [target], dropoutSeed + k)[0]));
    const total = errors.length === 1 ? errors[0] : (tf.addN(errors) as tf.Scalar);
    const mean = errors.length === 1 ? total : (tf.div(total, tf.scalar(errors.length)) as tf.Scalar);
    const penalty = this.kernelPenalty();
    return { sse: mean, objective: penalty ? tf.add(total, penalty) : total };
  }

  /** (λs / 2) Σ K² over every kernel matrix: the kernel's own L2 term (its gradient is λs K, like l2's λ W). */
  private kernelPenalty(): tf.Scalar | undefined {
    const { kernelL2 } = this.shape;
    if (kernelL2 === 0 || this.shape.kernelDim === 0) return undefined;
    const squares = this.members.flatMap((m) => m.kernels.map((k) => kernelSquares(k.u, k.v)));
    return tf.mul(tf.scalar(kernelL2 / 2), tf.addN(squares)) as tf.Scalar;
  }

  private memberPredict(k: number, ids: Int32Array, targets: readonly Target[], dropoutSeed?: number): tf.Tensor[] {
    const m = this.members[k];
    const w = this.frozen?.[k] ?? effective(m);
    const h = this.stageNow === 'global' ? this.encodeGlobal(m, w, ids, dropoutSeed) : encodeRows(w, this.input, ids, this.shape, dropoutSeed);
    return targets.map((t) => decodeTarget(w, h, t, this.shape));
  }

  private encodeGlobal(m: Member, w: AutoRecWeights, ids: Int32Array, dropoutSeed?: number): tf.Tensor2D {
    const n = ids.length * GLOBAL_SIZE ** 2 * this.input.cols;
    if (this.convBuf?.length !== n) this.convBuf = new Float32Array(n);
    const x = convolvedRows(this.input.matrix, ids, globalKernel(m.averages, m.conv), this.convBuf);
    return encodeDense(w, x, this.shape, dropoutSeed);
  }

  /**
   * Begins the global-kernel stage: each member's item-averaged output (mean over the columns of its prediction
   * of every row, from the current weights and the raw input) becomes its `averages`; from now on the network
   * reads relu(R ⊛ global kernel) and the kernel's weights train too.
   */
  beginGlobal(): void {
    const { rows } = this.input;
    const B = this.shape.batchSize;
    const ids = new Int32Array(B);
    for (const [k, m] of this.members.entries()) {
      const parts: tf.Tensor1D[] = [];
      for (let at = 0; at < rows; at += B) {
        for (let b = 0; b < B; b++) ids[b] = at + b < rows ? at + b : -1;
        parts.push(tf.tidy(() => tf.mean(this.memberPredict(k, ids, ['all'])[0], 1) as tf.Tensor1D));
      }
      const all = tf.tidy(() => tf.slice(tf.concat(parts), [0], [rows]));
      m.averages.assign(all as tf.Tensor1D);
      tf.dispose([...parts, all]);
    }
    this.stageNow = 'global';
  }

  /** Nested freezes (an evaluation and a prediction that overlap) share one set; the last thaw frees it. */
  freeze(): void {
    if (this.freezes++ === 0 && this.shape.kernelDim > 0) this.frozen = this.members.map(ownedEffective);
  }

  thaw(): void {
    if (this.freezes === 0 || --this.freezes > 0) return;
    for (const w of this.frozen ?? []) disposeWeights(w);
    this.frozen = undefined;
  }

  /** Sets the stage (a saved model's, or the kept epoch's) without recomputing anything. */
  setStage(s: string): void {
    if (s !== 'local' && s !== 'global') throw new Error(`AutoRec+ stages are 'local' and 'global', not ${JSON.stringify(s)}`);
    this.stageNow = s;
  }

  get hasNextStage(): boolean {
    return this.stageNow === 'local' && this.shape.globalEpochs > 0;
  }

  get laterStageEpochs(): number {
    return this.shape.globalEpochs;
  }

  beginNextStage(): void {
    this.beginGlobal();
  }

  snapshot(): AutoRecPlus {
    const copy = (v: tf.Variable) => tf.variable(v, false);
    const members = this.members.map((m): Member => ({
      p: copyParams(m.p),
      kernels: m.kernels.map((k) => ({ u: copy(k.u) as tf.Variable<tf.Rank.R2>, v: copy(k.v) as tf.Variable<tf.Rank.R2> })),
      conv: copy(m.conv) as tf.Variable<tf.Rank.R2>,
      averages: copy(m.averages) as tf.Variable<tf.Rank.R1>,
    }));
    return new AutoRecPlus(members, this.input, this.shape, this.stageNow);
  }

  load(values: readonly (Float32Array | tf.Tensor)[]): void {
    assignValues(this.params, values);
  }

  weights(): { weights: AutoRecWeights; owned: boolean } {
    const m = this.members[0];
    if (m.kernels.length === 0) return { weights: m.p, owned: false };
    return { weights: ownedEffective(m), owned: true };
  }

  encode(ids: Int32Array): tf.Tensor2D {
    const m = this.members[0];
    return tf.tidy(() => {
      const w = this.frozen?.[0] ?? effective(m);
      return this.stageNow === 'global' ? this.encodeGlobal(m, w, ids) : encodeRows(w, this.input, ids, this.shape);
    });
  }

  dispose(): void {
    this.freezes = Math.min(this.freezes, 1);
    this.thaw();
    for (const m of this.members) {
      disposeParams(m.p);
      tf.dispose([...m.kernels.flatMap((k) => [k.u, k.v]), m.conv, m.averages]);
    }
  }
}
