import * as tf from '@tensorflow/tfjs';
import { applyDropout } from './dropout';
import { makeNormal, makeRng } from '../data/rng';
import type { Activation, TrainConfig } from './config';
import { sddmm, spmm, type CsrBlock } from './sparse';

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
  paramList(p).forEach((v, k) => {
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

const affine = (x: tf.Tensor2D, l: Dense) => tf.fused.matMul({ a: x, b: l.w, bias: l.b }) as tf.Tensor2D;

/** The hidden code of a sparse batch: spmm for the first layer, then as forward(). */
export function encodeSparse(p: AutoRecParams, x: CsrBlock, shape: ModelShape, dropoutSeed?: number): tf.Tensor2D {
  const [first, ...rest] = p.encoder;
  let h = activate(tf.add(spmm(x, first.w), first.b) as tf.Tensor2D, shape.encoder);
  for (const l of rest) h = activate(affine(h, l), shape.encoder);
  if (dropoutSeed !== undefined && shape.dropout > 0) h = applyDropout(h, shape.dropout, dropoutSeed);
  return h;
}

/** The decoder's output only at the entries of `at` (whose rows are the rows of h). */
export function decodeAt(p: AutoRecParams, h: tf.Tensor2D, at: CsrBlock, shape: ModelShape): tf.Tensor1D {
  return activate(sddmm(at, h, p.decoder.w, p.decoder.b) as unknown as tf.Tensor2D, shape.decoder) as unknown as tf.Tensor1D;
}

/**
 * Reconstruction of each input row. Dropout hits the last hidden layer's output, and only when
 * `dropoutSeed` is given (training).
 */
export function forward(p: AutoRecParams, x: tf.Tensor2D, shape: ModelShape, dropoutSeed?: number): tf.Tensor2D {
  let h = x;
  for (const l of p.encoder) h = activate(affine(h, l), shape.encoder);
  if (dropoutSeed !== undefined && shape.dropout > 0) h = applyDropout(h, shape.dropout, dropoutSeed);
  // The bias is added apart: tfjs-wasm 4.22's fused matMul with transposeB adds bias[last] to every row but the
  // first (src/model/wasm-fused-bias.test.ts).
  return activate(tf.add(tf.matMul(h, p.decoder.w, false, true), p.decoder.b) as tf.Tensor2D, shape.decoder);
}
