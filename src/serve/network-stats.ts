import * as tf from '@tensorflow/tfjs';
import { densifyRows } from '../data/csr';
import { activate, disposeWeights } from '../model/autorec';
import type { Activation } from '../config/config';
import type { Trainer } from '../train/trainer';

export const HIST_BINS = 24;
/** Values a histogram is drawn from at most (an even stride through the tensor); mean and std are exact. */
export const HIST_SAMPLE = 32_768;
/** Input rows pushed through the network for the activation histograms. */
export const ACTIVATION_ROWS = 128;

export interface Histogram {
  min: number;
  max: number;
  mean: number;
  std: number;
  counts: number[];
}

export interface LayerStats {
  /** "hidden 1", ..., "output". */
  name: string;
  inputs: number;
  units: number;
  activation: Activation;
  weights: Histogram;
  biases: Histogram;
  /** The layer's outputs on a sample of input rows (evaluation mode). */
  activations: Histogram;
}

export interface NetworkStats {
  variant: 'I' | 'U';
  /** Input (and output) width: users for I-AutoRec, items for U-AutoRec. */
  inputs: number;
  /** Rows the model reconstructs: items for I-AutoRec, users for U-AutoRec. */
  rows: number;
  dropout: number;
  layers: LayerStats[];
}

/** Bins of a sample, over its own range. */
export function sampleHistogram(values: Float32Array, mean: number, std: number, bins = HIST_BINS): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(bins).fill(0);
  if (values.length === 0) return { min: 0, max: 0, mean, std, counts };
  const width = max > min ? (max - min) / bins : 1;
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - min) / width))]++;
  return { min, max, mean, std, counts };
}

/** Flattened, strided to at most HIST_SAMPLE values, with the exact mean and std in front: one part of the one readback. */
function summary(t: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const flat = tf.reshape(t, [-1]) as tf.Tensor1D;
    const n = flat.shape[0];
    const stride = Math.max(1, Math.ceil(n / HIST_SAMPLE));
    const sample = stride === 1 ? flat : tf.gather(flat, tf.range(0, n, stride, 'int32'));
    const { mean, variance } = tf.moments(flat);
    return tf.concat([tf.stack([mean, tf.sqrt(variance), tf.scalar(sample.shape[0])]), sample]) as tf.Tensor1D;
  });
}

/**
 * Per layer of the kept model: weight and bias histograms and the histogram of its outputs on a few input rows
 * (an even stride through the training matrix), all read back at once.
 */
export async function networkStats(trainer: Trainer): Promise<NetworkStats> {
  const { weights: p, owned } = trainer.servingModel.weights();
  const cfg = trainer.trainConfig;
  const { train } = trainer.trainData;
  // at most 4M input floats (16 MB) on the host, whatever the width
  const n = Math.max(1, Math.min(ACTIVATION_ROWS, train.rows, Math.floor(2 ** 22 / train.cols)));
  const stride = train.rows / n;
  const rows = Int32Array.from({ length: n }, (_, k) => Math.floor(k * stride));
  const x = new Float32Array(n * train.cols);
  densifyRows(train, rows, x);
  const layers = [...p.encoder, p.decoder];
  const parts = tf.tidy(() => {
    const out: tf.Tensor1D[] = [];
    let h = tf.tensor2d(x, [n, train.cols]);
    p.encoder.forEach((l) => {
      h = activate(tf.fused.matMul({ a: h, b: l.w, bias: l.b }) as tf.Tensor2D, cfg.encoder);
      out.push(summary(l.w), summary(l.b), summary(h));
    });
    const y = activate(tf.add(tf.matMul(h, tf.transpose(p.decoder.w)), p.decoder.b) as tf.Tensor2D, cfg.decoder);
    out.push(summary(p.decoder.w), summary(p.decoder.b), summary(y));
    return tf.concat(out) as tf.Tensor1D;
  });
  if (owned) disposeWeights(p);
  const all = (await parts.data()) as Float32Array;
  parts.dispose();
  let at = 0;
  const next = (): Histogram => {
    const [mean, std, count] = [all[at], all[at + 1], all[at + 2]];
    const values = all.subarray(at + 3, at + 3 + count);
    at += 3 + count;
    return sampleHistogram(values, mean, std);
  };
  const stats = layers.map((l, k): LayerStats => {
    const last = k === layers.length - 1;
    const [inputs, units] = last ? [l.w.shape[1], l.w.shape[0]] : l.w.shape;
    const weights = next();
    const biases = next();
    const activations = next();
    return { name: last ? 'output' : `hidden ${k + 1}`, inputs, units, activation: last ? cfg.decoder : cfg.encoder, weights, biases, activations };
  });
  return { variant: cfg.variant, inputs: train.cols, rows: train.rows, dropout: cfg.dropout, layers: stats };
}
