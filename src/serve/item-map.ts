import * as tf from '@tensorflow/tfjs';
import { disposeWeights } from '../model/autorec';
import { hiddenCodes } from '../model/hidden-codes';
import type { Trainer } from '../train/trainer';

/**
 * Each item's learned vector, [items, hidden]: I-AutoRec's hidden code of the item's rating column (what the
 * encoder makes of it), U-AutoRec's decoder row for the item (how the codes are read out into it). Kept weights.
 */
export function itemVectors(trainer: Trainer): tf.Tensor2D {
  const model = trainer.servingModel;
  const cfg = trainer.trainConfig;
  const { train } = trainer.trainData;
  if (cfg.variant === 'I') return hiddenCodes(model, 0, train.rows, cfg.batchSize);
  const { weights, owned } = model.weights();
  const w = tf.clone(weights.decoder.w) as tf.Tensor2D;
  if (owned) disposeWeights(weights);
  return w;
}

/** A 2-D map of items: their coordinates on the first two principal components and the share of variance each holds. */
export interface ItemProjection {
  x: Float32Array;
  y: Float32Array;
  /** Share of the total variance on each axis. */
  explained: [number, number];
}

/** Rows the covariance is estimated from at most (an even stride through the items): the projection covers every item. */
export const PCA_SAMPLE = 4096;

/**
 * The top eigenvectors of a symmetric d x d matrix by power iteration with deflation, from a deterministic start or
 * from `start` (vectors of length d: the last view's axes, which a model a few epochs on moves little: a handful of
 * iterations instead of up to `iterations`); `steps` says how many each took.
 */
export function topEigen(cov: Float64Array, d: number, k: number, iterations = 200, start?: readonly Float64Array[]): { vectors: Float64Array[]; values: number[]; steps: number[] } {
  const a = Float64Array.from(cov);
  const vectors: Float64Array[] = [];
  const values: number[] = [];
  const steps: number[] = [];
  for (let c = 0; c < k; c++) {
    const from = start?.[c];
    let v = from?.length === d ? Float64Array.from(from) : Float64Array.from({ length: d }, (_, i) => 1 + ((i * 7919) % 13) / 13);
    let lambda = 0;
    let it = 0;
    for (; it < iterations; it++) {
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        const row = i * d;
        for (let j = 0; j < d; j++) s += a[row + j] * v[j];
        w[i] = s;
      }
      let norm = 0;
      for (let i = 0; i < d; i++) norm += w[i] * w[i];
      norm = Math.sqrt(norm);
      if (norm === 0) break;
      let change = 0;
      for (let i = 0; i < d; i++) {
        w[i] /= norm;
        change += (w[i] - v[i]) ** 2;
      }
      lambda = norm;
      v = w;
      if (change < 1e-12) break; // converged (a map needs no more)
    }
    // one sign for every epoch's map: the largest component positive (the map does not flip as training goes)
    let big = 0;
    for (let i = 1; i < d; i++) if (Math.abs(v[i]) > Math.abs(v[big])) big = i;
    if (v[big] < 0) for (let i = 0; i < d; i++) v[i] = -v[i];
    vectors.push(v);
    values.push(lambda);
    steps.push(Math.min(iterations, it + 1));
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] -= lambda * v[i] * v[j];
  }
  return { vectors, values, steps };
}

/**
 * PCA of the rows of X: the covariance from at most PCA_SAMPLE rows (on the device), its top two eigenvectors here
 * (from `warm.basis`, the last map's axes, where given; the new ones are left there), every row projected on the device.
 */
export async function projectPca(X: tf.Tensor2D, warm: { basis?: Float64Array[] } = {}): Promise<ItemProjection> {
  const [n, d] = X.shape;
  const mean = tf.mean(X, 0);
  const stride = Math.max(1, Math.ceil(n / PCA_SAMPLE));
  const covT = tf.tidy(() => {
    const sample = stride === 1 ? X : tf.gather(X, tf.range(0, n, stride, 'int32'));
    const c = tf.sub(sample, mean);
    return tf.div(tf.matMul(tf.transpose(c), c), Math.max(1, sample.shape[0] - 1));
  });
  const cov = Float64Array.from((await covT.data()) as Float32Array);
  covT.dispose();
  let total = 0;
  for (let i = 0; i < d; i++) total += cov[i * d + i];
  const { vectors, values } = topEigen(cov, d, 2, undefined, warm.basis);
  warm.basis = vectors;
  const basis = tf.tensor2d(Float32Array.from({ length: d * 2 }, (_, k) => vectors[k % 2][Math.floor(k / 2)]), [d, 2]);
  const proj = tf.tidy(() => tf.matMul(tf.sub(X, mean), basis));
  const xy = (await proj.data()) as Float32Array;
  tf.dispose([proj, basis, mean]);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = xy[2 * i];
    y[i] = xy[2 * i + 1];
  }
  return { x, y, explained: [total > 0 ? values[0] / total : 0, total > 0 ? values[1] / total : 0] };
}

/** The k items whose vectors point most the same way as `item`'s (cosine similarity), among `eligible` ones, best first. */
export async function nearestItems(X: tf.Tensor2D, item: number, k: number, eligible?: (i: number) => boolean): Promise<{ item: number; similarity: number }[]> {
  const simsT = tf.tidy(() => {
    const norms = tf.add(tf.norm(X, 'euclidean', 1, true), 1e-12);
    const unit = tf.div(X, norms) as tf.Tensor2D;
    const me = tf.reshape(tf.slice(unit, [item, 0], [1, -1]), [-1, 1]) as tf.Tensor2D;
    return tf.reshape(tf.matMul(unit, me), [-1]);
  });
  const sims = (await simsT.data()) as Float32Array;
  simsT.dispose();
  const order: number[] = [];
  for (let i = 0; i < sims.length; i++) if (i !== item && (!eligible || eligible(i))) order.push(i);
  order.sort((a, b) => sims[b] - sims[a] || a - b);
  return order.slice(0, k).map((i) => ({ item: i, similarity: sims[i] }));
}
