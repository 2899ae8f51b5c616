import * as tf from '@tensorflow/tfjs';
import { densifyRows } from '../data/csr';
import type { Csr } from '../data/types';
import { longestRows } from '../compute/memory';
import type { Target } from '../model/rating-model';
import { csrBlock, padsBlocks } from '../compute/sparse';
import type { CsrBlock } from '../data/types';

/** A matrix's rows of one batch as a model's target, and how its predictions there compare with the ratings. */
export interface Where {
  readonly target: Target;
  /** Prediction minus rating at each observed entry, 0 elsewhere (padding, unobserved dense cells). */
  errors(pred: tf.Tensor): tf.Tensor;
  dispose(): void;
}

/**
 * Where predictions meet ratings: at a block's entries (the sparse path: the model computes only there) or at
 * whole dense rows, masked (the dense path). The trainer takes one and never asks which.
 */
export interface Readout {
  at(m: Csr, ids: Int32Array): Where;
  /** The values at m's entries of rows `ids` (in CSR order) out of a read-back prediction at `at(m, ids)`'s target. */
  entries(pred: Float32Array, m: Csr, ids: Int32Array, out: Float32Array): void;
}

export function makeReadout(sparse: boolean, batchSize: number): Readout {
  return sparse ? new SparseReadout(batchSize) : new DenseReadout();
}

/** pred - vals at the block's entries; 0 at a padded block's padding (value 0: ratings are above 0). */
function residuals(pred: tf.Tensor, vals: tf.Tensor1D, b: CsrBlock): tf.Tensor {
  const e = tf.sub(pred, vals);
  return b.ptr[b.rows] < b.col.length ? tf.mul(e, tf.sign(vals)) : e;
}

class SparseReadout implements Readout {
  /** Entries per block of each matrix where blocks are padded to one size (padsBlocks), else 0. */
  private readonly capacities = new Map<Csr, number>();

  constructor(private readonly batchSize: number) {}

  at(m: Csr, ids: Int32Array): Where {
    const block = csrBlock(m, ids, this.capacity(m, ids.length));
    let vals: tf.Tensor1D | undefined;
    return {
      target: block,
      errors: (pred) => residuals(pred, (vals ??= tf.keep(tf.tensor1d(block.val))), block),
      dispose: () => vals?.dispose(),
    };
  }

  entries(pred: Float32Array, _m: Csr, _ids: Int32Array, out: Float32Array): void {
    out.set(pred.subarray(0, out.length));
  }

  private capacity(m: Csr, rows: number): number {
    if (!padsBlocks() || rows !== this.batchSize) return 0;
    let c = this.capacities.get(m);
    if (c === undefined) this.capacities.set(m, (c = Math.max(1, longestRows(m.rowPtr, this.batchSize))));
    return c;
  }
}

class DenseReadout implements Readout {
  /** One host buffer per matrix (the tensor made from it may share it, so none is reused while its tensor lives). */
  private readonly bufs = new Map<Csr, Float32Array>();

  at(m: Csr, ids: Int32Array): Where {
    let t: tf.Tensor2D | undefined;
    const rows = () => {
      if (t) return t;
      const n = ids.length * m.cols;
      let buf = this.bufs.get(m);
      if (buf?.length !== n) this.bufs.set(m, (buf = new Float32Array(n)));
      return (t = tf.keep(tf.tensor2d(densifyRows(m, ids, buf), [ids.length, m.cols])));
    };
    return {
      target: 'all',
      errors: (pred) => {
        const r = rows();
        return tf.mul(tf.sub(pred, r), tf.sign(r));
      },
      dispose: () => t?.dispose(),
    };
  }

  entries(pred: Float32Array, m: Csr, ids: Int32Array, out: Float32Array): void {
    let k = 0;
    ids.forEach((r, b) => {
      if (r < 0) return;
      for (let e = m.rowPtr[r]; e < m.rowPtr[r + 1]; e++) out[k++] = pred[b * m.cols + m.colIdx[e]];
    });
  }
}
