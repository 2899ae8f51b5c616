import * as tf from '@tensorflow/tfjs';
import { applyDropout, maskParams } from '../compute/dropout';
import { matMul } from '../compute/matmul';
import { makeNormal, makeRng } from '../data/rng';
import type { Activation, TrainConfig } from '../config/config';
import type { AutoRecWeights, Layer, RatingModel, Retune, Target } from './rating-model';
import type { InputRows } from './input-rows';
import { sddmm, spmm, spmmLayer } from '../compute/sparse';
import type { CsrBlock } from '../data/types';

interface Dense {
  readonly w: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
}

/**
 * Encoder layers (input -> hidden, then hidden -> hidden for extra layers) and the decoder. The
 * decoder's weight is stored transposed, [outputs, hidden]: one contiguous row per output, which is
 * what the sparse path reads and writes; the dense path multiplies with transposeB.
 */
export interface AutoRecParams {
  readonly encoder: readonly Dense[];
  readonly decoder: Dense;
}

export type ModelShape = Pick<TrainConfig, 'hidden' | 'extraLayers' | 'encoder' | 'decoder' | 'dropout'>;

/** Weights ~ N(0, 0.01) drawn from a seeded JS generator (identical on every backend), biases 0. */
export function createParams(inputDim: number, shape: ModelShape, seed: number): AutoRecParams {
  const normal = makeNormal(makeRng(seed));
  const dense = (from: number, to: number, transposed = false): Dense =>
    tf.tidy(() => ({
      w: tf.variable(tf.tensor2d(Float32Array.from({ length: from * to }, () => 0.01 * normal()), transposed ? [to, from] : [from, to])),
      b: tf.variable(tf.zeros([to]) as tf.Tensor1D),
    }));
  const encoder = [dense(inputDim, shape.hidden)];
  for (let k = 0; k < shape.extraLayers; k++) encoder.push(dense(shape.hidden, shape.hidden));
  return { encoder, decoder: dense(shape.hidden, inputDim, true) };
}

/**
 * Overwrites every parameter with saved values (in paramList order): arrays read back (to resume on another
 * backend), or tensors, whose buffers the parameters then share: every update assigns a new tensor to a
 * variable and never writes into the old buffer (tfjs optimizers, FusedAdam), so a shared buffer is a
 * snapshot that costs nothing to make and allocates nothing (GPU memory stays flat).
 */
export function loadParams(p: AutoRecParams, values: readonly (Float32Array | tf.Tensor)[]): void {
  assignValues(paramList(p), values);
}

/** Assigns each variable its value (see loadParams): arrays are uploaded, tensors shared. */
export function assignValues(vars: readonly tf.Variable[], values: readonly (Float32Array | tf.Tensor)[]): void {
  if (vars.length !== values.length) throw new Error(`${values.length} values for ${vars.length} parameters`);
  vars.forEach((v, k) => {
    const x = values[k];
    if (!(x instanceof Float32Array)) return v.assign(x);
    const t = tf.tensor(x, v.shape);
    v.assign(t);
    t.dispose();
  });
}

/** A snapshot of the parameters (sharing their current buffers, see loadParams), not trainable: a kept epoch's weights. */
export function copyParams(p: AutoRecParams): AutoRecParams {
  const copy = (l: Dense): Dense => ({ w: tf.variable(l.w, false), b: tf.variable(l.b, false) });
  return { encoder: p.encoder.map(copy), decoder: copy(p.decoder) };
}

export function paramList(p: AutoRecParams): tf.Variable[] {
  return [...p.encoder, p.decoder].flatMap((l) => [l.w, l.b]);
}

export function weightList(p: AutoRecParams): tf.Variable[] {
  return [...p.encoder, p.decoder].map((l) => l.w);
}

/** Disposes weights a model handed out as its own (RatingModel.weights() with owned true). */
export function disposeWeights(w: AutoRecWeights): void {
  tf.dispose([...w.encoder.flatMap((l) => [l.w, l.b]), w.decoder.w, w.decoder.b]);
}

export function disposeParams(p: AutoRecParams): void {
  for (const v of paramList(p)) v.dispose();
}

export function activate(x: tf.Tensor2D, a: Activation): tf.Tensor2D {
  switch (a) {
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'identity':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'elu':
      return tf.elu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'selu':
      return tf.selu(x);
  }
}

const affine = (x: tf.Tensor2D, l: Layer) => tf.add(matMul(x, l.w), l.b) as tf.Tensor2D;

/** The hidden code of a sparse batch: spmm for the first layer, then as forward(). */
export function encodeSparse(p: AutoRecWeights, x: CsrBlock, shape: ModelShape, dropoutSeed?: number): tf.Tensor2D {
  const [first, ...rest] = p.encoder;
  const dropout = dropoutSeed !== undefined && shape.dropout > 0;
  // a single hidden layer takes its dropout inside the fused layer, where there is one
  const fused = spmmLayer(x, first.w, first.b, shape.encoder, dropout && rest.length === 0 ? maskParams(shape.dropout, dropoutSeed) : undefined);
  if (fused && rest.length === 0) return fused;
  let h = fused ?? activate(tf.add(spmm(x, first.w), first.b) as tf.Tensor2D, shape.encoder);
  for (const l of rest) h = activate(affine(h, l), shape.encoder);
  if (dropout) h = applyDropout(h, shape.dropout, dropoutSeed);
  return h;
}

/** The decoder's output only at the entries of `at` (whose rows are the rows of h). */
export function decodeAt(p: AutoRecWeights, h: tf.Tensor2D, at: CsrBlock, shape: ModelShape): tf.Tensor1D {
  return activate(sddmm(at, h, p.decoder.w, p.decoder.b) as unknown as tf.Tensor2D, shape.decoder) as unknown as tf.Tensor1D;
}

/**
 * Reconstruction of each input row. Dropout hits the last hidden layer's output, and only when
 * `dropoutSeed` is given (training).
 */
export function forward(p: AutoRecWeights, x: tf.Tensor2D, shape: ModelShape, dropoutSeed?: number): tf.Tensor2D {
  return decodeAll(p, encodeDense(p, x, shape, dropoutSeed), shape);
}

/** The hidden code of dense input rows (dropout as in encodeSparse). */
export function encodeDense(p: AutoRecWeights, x: tf.Tensor2D, shape: ModelShape, dropoutSeed?: number): tf.Tensor2D {
  let h = x;
  for (const l of p.encoder) h = activate(affine(h, l), shape.encoder);
  if (dropoutSeed !== undefined && shape.dropout > 0) h = applyDropout(h, shape.dropout, dropoutSeed);
  return h;
}

/** The decoder's output at every column: [rows of h, outputs]. */
export function decodeAll(p: AutoRecWeights, h: tf.Tensor2D, shape: ModelShape): tf.Tensor2D {
  // The bias is added apart: tfjs-wasm 4.22's fused matMul with transposeB adds bias[last] to every row but the
  // first (src/compute/wasm-fused-bias.test.ts).
  return activate(tf.add(matMul(h, p.decoder.w, false, true), p.decoder.b) as tf.Tensor2D, shape.decoder);
}

/** The hidden code of input rows `ids`, through the input's sparse or dense path. */
export function encodeRows(p: AutoRecWeights, input: InputRows, ids: Int32Array, shape: ModelShape, dropoutSeed?: number): tf.Tensor2D {
  if (input.sparse) return encodeSparse(p, input.block(ids), shape, dropoutSeed);
  const x = input.dense(ids);
  const h = encodeDense(p, x, shape, dropoutSeed);
  x.dispose();
  return h;
}

/** The decoder at a target: a block's entries (1-D) or every column. */
export function decodeTarget(p: AutoRecWeights, h: tf.Tensor2D, at: Target, shape: ModelShape): tf.Tensor {
  return at === 'all' ? decodeAll(p, h, shape) : decodeAt(p, h, at, shape);
}

/** AutoRec (Sedhain et al. 2015) behind the model interface: one network, its parameters are the weights it applies. */
export class AutoRecModel implements RatingModel {
  readonly plain = true;

  constructor(
    readonly p: AutoRecParams,
    private readonly input: InputRows,
    private shape: ModelShape,
  ) {}

  static create(input: InputRows, shape: ModelShape, seed: number): AutoRecModel {
    return new AutoRecModel(createParams(input.cols, shape, seed), input, shape);
  }

  get params(): tf.Variable[] {
    return paramList(this.p);
  }

  retune({ dropout }: Retune): void {
    this.shape = { ...this.shape, dropout };
  }

  get trained(): tf.Variable[] {
    return this.params;
  }

  get decayed(): tf.Variable[] {
    return weightList(this.p);
  }

  predict(ids: Int32Array, targets: readonly Target[], dropoutSeed?: number): tf.Tensor[] {
    const h = encodeRows(this.p, this.input, ids, this.shape, dropoutSeed);
    return targets.map((t) => decodeTarget(this.p, h, t, this.shape));
  }

  objective(ids: Int32Array, target: Target, sse: (pred: tf.Tensor) => tf.Scalar, dropoutSeed: number): { sse: tf.Scalar; objective: tf.Scalar } {
    const [pred] = this.predict(ids, [target], dropoutSeed);
    const e = sse(pred);
    return { sse: e, objective: e };
  }

  snapshot(): AutoRecModel {
    return new AutoRecModel(copyParams(this.p), this.input, this.shape);
  }

  load(values: readonly (Float32Array | tf.Tensor)[]): void {
    loadParams(this.p, values);
  }

  weights(): { weights: AutoRecWeights; owned: boolean } {
    return { weights: this.p, owned: false };
  }

  encode(ids: Int32Array): tf.Tensor2D {
    return encodeRows(this.p, this.input, ids, this.shape);
  }

  readonly stage = 'local';
  readonly hasNextStage = false;
  readonly laterStageEpochs = 0;

  setStage(stage: string): void {
    if (stage !== 'local') throw new Error(`AutoRec has one stage ('local'), not ${JSON.stringify(stage)}`);
  }

  beginNextStage(): void {
    throw new Error('AutoRec has no later stage');
  }

  dispose(): void {
    disposeParams(this.p);
  }
}
