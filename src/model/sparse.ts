import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../data/types';

/** The CSR rows of one batch (row b of the block is `rows[b]` of the matrix; -1 rows are empty padding). */
export interface CsrBlock {
  readonly rows: number;
  readonly cols: number;
  readonly ptr: Int32Array;
  readonly col: Int32Array;
  readonly val: Float32Array;
  /** Block row of each entry. */
  readonly row: Int32Array;
}

export function csrBlock(m: Csr, rows: ArrayLike<number>): CsrBlock {
  const ptr = new Int32Array(rows.length + 1);
  for (let b = 0; b < rows.length; b++) ptr[b + 1] = ptr[b] + (rows[b] < 0 ? 0 : m.rowPtr[rows[b] + 1] - m.rowPtr[rows[b]]);
  const n = ptr[rows.length];
  const col = new Int32Array(n);
  const val = new Float32Array(n);
  const row = new Int32Array(n);
  for (let b = 0; b < rows.length; b++) {
    if (rows[b] < 0) continue;
    const from = m.rowPtr[rows[b]];
    const len = ptr[b + 1] - ptr[b];
    col.set(m.colIdx.subarray(from, from + len), ptr[b]);
    val.set(m.values.subarray(from, from + len), ptr[b]);
    row.fill(b, ptr[b], ptr[b + 1]);
  }
  return { rows: rows.length, cols: m.cols, ptr, col, val, row };
}

type CustomGrad = Parameters<typeof tf.customGrad>[0];

/* These kernels read their inputs synchronously: they run where tensors live in CPU memory (the cpu
   and wasm backends). Work is O(entries x hidden); nothing of size rows x cols is ever made. */

/** X W for a sparse X (the block) and dense W [cols, H] -> [rows, H]; gradient dW = X^T dY. */
export function spmm(x: CsrBlock, w: tf.Tensor2D): tf.Tensor2D {
  const [U, H] = w.shape;
  const op = tf.customGrad(((wt: tf.Tensor) => {
    const W = wt.dataSync() as Float32Array;
    const out = new Float32Array(x.rows * H);
    for (let k = 0; k < x.col.length; k++) {
      const v = x.val[k];
      const o = x.row[k] * H;
      const s = x.col[k] * H;
      for (let h = 0; h < H; h++) out[o + h] += v * W[s + h];
    }
    return {
      value: tf.tensor2d(out, [x.rows, H]),
      gradFunc: (dy: tf.Tensor) => {
        const D = dy.dataSync() as Float32Array;
        const dW = new Float32Array(U * H);
        for (let k = 0; k < x.col.length; k++) {
          const v = x.val[k];
          const o = x.row[k] * H;
          const s = x.col[k] * H;
          for (let h = 0; h < H; h++) dW[s + h] += v * D[o + h];
        }
        return tf.tensor2d(dW, [U, H]);
      },
    };
  }) as CustomGrad);
  return op(w) as tf.Tensor2D;
}

function transpose(a: Float32Array, r: number, c: number): Float32Array {
  const t = new Float32Array(a.length);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = a[i * c + j];
  return t;
}

/**
 * The decoder h W2 + b2 evaluated only at the block's entries: one value per entry (row_k, col_k).
 * h [rows, H], w2 [H, cols], b2 [cols]. Gradients go to h, w2 and b2 from those entries only.
 */
export function sddmm(x: CsrBlock, h: tf.Tensor2D, w2: tf.Tensor2D, b2: tf.Tensor1D): tf.Tensor1D {
  const [H, U] = w2.shape;
  const op = tf.customGrad(((ht: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) => {
    const Hd = ht.dataSync() as Float32Array;
    const W = transpose(wt.dataSync() as Float32Array, H, U); // [cols, H]: one contiguous row per output
    const bias = bt.dataSync() as Float32Array;
    const out = new Float32Array(x.col.length);
    for (let k = 0; k < x.col.length; k++) {
      const o = x.row[k] * H;
      const s = x.col[k] * H;
      let acc = bias[x.col[k]];
      for (let j = 0; j < H; j++) acc += Hd[o + j] * W[s + j];
      out[k] = acc;
    }
    return {
      value: tf.tensor1d(out),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const dH = new Float32Array(x.rows * H);
        const dWt = new Float32Array(U * H);
        const db = new Float32Array(U);
        for (let k = 0; k < x.col.length; k++) {
          const gk = g[k];
          if (gk === 0) continue;
          const o = x.row[k] * H;
          const s = x.col[k] * H;
          db[x.col[k]] += gk;
          for (let j = 0; j < H; j++) {
            dH[o + j] += gk * W[s + j];
            dWt[s + j] += gk * Hd[o + j];
          }
        }
        return [tf.tensor2d(dH, [x.rows, H]), tf.tensor2d(transpose(dWt, U, H), [H, U]), tf.tensor1d(db)];
      },
    };
  }) as CustomGrad);
  return op(h, w2, b2) as tf.Tensor1D;
}
