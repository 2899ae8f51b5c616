import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../data/types';

/** Side of the global kernel (GLocal-K's 3 x 3). */
export const GLOBAL_SIZE = 3;

/**
 * GLocal-K's global kernel (Han et al., CIKM 2021): the item-averaged output of the pre-trained network,
 * `averages` [rows] (one per row of the rating matrix the model reads), times trainable weights `conv`
 * [rows, 9]: nine numbers, a 3 x 3 convolution kernel, here flat [1, 9] (index 3 * row offset + column offset).
 */
export function globalKernel(averages: tf.Tensor1D, conv: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.reshape(averages, [1, -1]), conv);
}

type CustomGrad = Parameters<typeof tf.customGrad>[0];

/** kernel [1, 9] times the shifted copies [9, n]: [1, n]; the gradient goes to the kernel only (the copies are data). */
const weighted = tf.customGrad(((k: tf.Tensor2D, shifted: tf.Tensor2D, save: (t: tf.Tensor[]) => void) => {
  save([shifted]);
  return {
    value: tf.matMul(k, shifted),
    // dk = dy shifted^T, with the transpose made first (tfjs-wasm's transposed matMul is slow, see matmul.ts)
    gradFunc: (dy: tf.Tensor2D, [s]: tf.Tensor2D[]) => [tf.matMul(dy, tf.transpose(s)), tf.zerosLike(s)],
  };
}) as CustomGrad) as (k: tf.Tensor2D, shifted: tf.Tensor2D) => tf.Tensor2D;

/**
 * Rows `ids` of relu(R ⊛ kernel), the rating matrix convolved with the 3 x 3 global kernel ('same' padding, zeros
 * beyond its edges): what the network reads in the fine-tuning stage, dense [ids, cols]. The nine shifted copies of
 * each row's neighbourhood (rows ids - 1 .. ids + 1, columns j - 1 .. j + 1; -1 rows are zeros) are laid out in
 * `buf` ([9, ids x cols]) on the host, and the convolution is one [1, 9] x [9, ids x cols] product: plain tfjs ops
 * on every backend (tfjs-wasm has no Conv2DBackpropFilter), differentiable in the kernel.
 */
export function convolvedRows(m: Csr, ids: Int32Array, kernel: tf.Tensor2D, buf: Float32Array): tf.Tensor2D {
  const { rows, cols } = m;
  const B = ids.length;
  const n = B * cols;
  if (buf.length !== GLOBAL_SIZE ** 2 * n) throw new Error(`convolvedRows: a buffer of ${buf.length} floats for ${B} rows of ${cols}`);
  buf.fill(0);
  for (let b = 0; b < B; b++) {
    if (ids[b] < 0) continue;
    for (let d = 0; d < GLOBAL_SIZE; d++) {
      const r = ids[b] + d - 1;
      if (r < 0 || r >= rows) continue;
      for (let e = m.rowPtr[r]; e < m.rowPtr[r + 1]; e++) {
        const col = m.colIdx[e];
        for (let c = 0; c < GLOBAL_SIZE; c++) {
          const j = col - c + 1; // S[d, c][b, j] = R[r, j + c - 1]
          if (j >= 0 && j < cols) buf[(d * GLOBAL_SIZE + c) * n + b * cols + j] = m.values[e];
        }
      }
    }
  }
  return tf.tidy(() => {
    const shifted = tf.tensor2d(buf, [GLOBAL_SIZE ** 2, n]);
    return tf.relu(tf.reshape(weighted(kernel, shifted), [B, cols])) as tf.Tensor2D;
  });
}
