import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../data/types';

/** Side of the global kernel (GLocal-K's 3 x 3). */
export const GLOBAL_SIZE = 3;

/**
 * GLocal-K's global kernel (Han et al., CIKM 2021): the item-averaged output of the pre-trained network,
 * `averages` [rows] (one per row of the rating matrix the model reads), times trainable weights `conv`
 * [rows, 9]: nine numbers, a 3 x 3 convolution kernel [3, 3, 1, 1].
 */
export function globalKernel(averages: tf.Tensor1D, conv: tf.Tensor2D): tf.Tensor4D {
  return tf.reshape(tf.matMul(tf.reshape(averages, [1, -1]), conv), [GLOBAL_SIZE, GLOBAL_SIZE, 1, 1]);
}

/**
 * Rows `ids` of relu(R ⊛ kernel), the rating matrix convolved with the global kernel ('same' padding,
 * zeros beyond its edges): what the network reads in the fine-tuning stage, dense [ids, cols]. Each row
 * needs its neighbours ids ± 1 in the matrix, read into `buf` ([ids, 3, cols]; -1 rows are zeros).
 */
export function convolvedRows(m: Csr, ids: Int32Array, kernel: tf.Tensor4D, buf: Float32Array): tf.Tensor2D {
  const { rows, cols } = m;
  const B = ids.length;
  if (buf.length !== B * GLOBAL_SIZE * cols) throw new Error(`convolvedRows: a buffer of ${buf.length} floats for ${B} rows of ${cols}`);
  buf.fill(0);
  for (let b = 0; b < B; b++) {
    if (ids[b] < 0) continue;
    for (let d = 0; d < GLOBAL_SIZE; d++) {
      const r = ids[b] + d - 1;
      if (r < 0 || r >= rows) continue;
      const base = (b * GLOBAL_SIZE + d) * cols;
      for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) buf[base + m.colIdx[k]] = m.values[k];
    }
  }
  return tf.tidy(() => {
    const x = tf.tensor4d(buf, [B, GLOBAL_SIZE, cols, 1]);
    const y = tf.conv2d(x, kernel, 1, [[0, 0], [0, 0], [1, 1], [0, 0]]);
    // a padding row (-1) stays all zeros: relu(0) = 0
    return tf.relu(tf.reshape(y, [B, cols])) as tf.Tensor2D;
  });
}
