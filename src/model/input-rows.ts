import * as tf from '@tensorflow/tfjs';
import { densifyRows } from '../data/csr';
import type { Csr } from '../data/types';
import { longestRows } from '../compute/memory';
import { csrBlock, padsBlocks } from '../compute/sparse';
import type { CsrBlock } from '../data/types';

/**
 * A model's input rows, read from its training matrix: as CSR blocks (the sparse path; padded to one size where
 * the backend wants fixed shapes, see padsBlocks) or as dense batch rows (one reused host buffer, on the JS heap;
 * planMemory's `host` counts it).
 */
export class InputRows {
  /** Entries a block of so many rows is padded to (webgpu), per block size asked for. */
  private readonly capacities = new Map<number, number>();
  private buf?: Float32Array;

  constructor(
    readonly matrix: Csr,
    readonly sparse: boolean,
  ) {}

  get cols(): number {
    return this.matrix.cols;
  }

  get rows(): number {
    return this.matrix.rows;
  }

  /** Rows `ids` as a block (-1: empty). */
  block(ids: Int32Array): CsrBlock {
    return csrBlock(this.matrix, ids, this.capacityFor(ids.length));
  }

  /** Rows `ids` as a dense [ids, cols] tensor (-1: zeros). */
  dense(ids: Int32Array): tf.Tensor2D {
    const n = ids.length * this.matrix.cols;
    if (!this.buf || this.buf.length < n) this.buf = new Float32Array(n);
    const buf = this.buf.length === n ? this.buf : this.buf.subarray(0, n);
    return tf.tensor2d(densifyRows(this.matrix, ids, buf), [ids.length, this.matrix.cols]);
  }

  /** Where blocks must keep one shape (padsBlocks), a block is padded to the most entries any block of its rows can hold. */
  private capacityFor(rows: number): number {
    if (!padsBlocks()) return 0;
    let c = this.capacities.get(rows);
    if (c === undefined) this.capacities.set(rows, (c = Math.max(1, longestRows(this.matrix.rowPtr, rows))));
    return c;
  }
}
