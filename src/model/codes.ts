import * as tf from '@tensorflow/tfjs';
import { densifyRows } from '../data/csr';
import type { Csr } from '../data/types';
import { activate, encodeSparse, type AutoRecParams, type ModelShape } from './autorec';
import { longestRows } from './memory';
import { csrBlock, padsBlocks } from './sparse';

/**
 * The hidden code (the last encoder layer's output, evaluation mode) of rows `from .. from+count` of `m`, the
 * model's input matrix, computed in blocks of `block` rows: sparse kernels where the run computes sparsely,
 * a dense block otherwise. A [count, hidden] tensor the caller disposes.
 */
export function hiddenCodes(p: AutoRecParams, m: Csr, shape: ModelShape & { compute: 'dense' | 'sparse' | 'auto' }, from: number, count: number, block: number): tf.Tensor2D {
  const parts: tf.Tensor2D[] = [];
  const rows = new Int32Array(block);
  const sparse = shape.compute === 'sparse';
  const capacity = sparse && padsBlocks() ? Math.max(1, longestRows(m.rowPtr, block)) : 0;
  const buf = sparse ? undefined : new Float32Array(block * m.cols);
  for (let at = from; at < from + count; at += block) {
    const n = Math.min(block, from + count - at);
    for (let b = 0; b < block; b++) rows[b] = b < n ? at + b : -1;
    parts.push(
      tf.tidy(() => {
        let h: tf.Tensor2D;
        if (buf) {
          const x = tf.tensor2d(densifyRows(m, rows, buf), [block, m.cols]);
          h = x;
          for (const l of p.encoder) h = activate(tf.fused.matMul({ a: h, b: l.w, bias: l.b }) as tf.Tensor2D, shape.encoder);
        } else h = encodeSparse(p, csrBlock(m, rows, capacity), shape);
        return n < block ? tf.slice(h, [0, 0], [n, -1]) : h;
      }),
    );
  }
  const all = parts.length === 1 ? parts[0] : (tf.concat(parts) as tf.Tensor2D);
  if (parts.length > 1) tf.dispose(parts);
  return all;
}
