import * as tf from '@tensorflow/tfjs';
import type { RatingModel } from './rating-model';

/**
 * The hidden code (the last encoder layer's output, evaluation mode; an ensemble's first member) of the model's
 * input rows `from .. from+count`, computed in blocks of `block` rows through the model's own path (sparse
 * kernels or dense blocks). A [count, hidden] tensor the caller disposes.
 */
export function hiddenCodes(model: RatingModel, from: number, count: number, block: number): tf.Tensor2D {
  const parts: tf.Tensor2D[] = [];
  const ids = new Int32Array(block);
  for (let at = from; at < from + count; at += block) {
    const n = Math.min(block, from + count - at);
    for (let b = 0; b < block; b++) ids[b] = b < n ? at + b : -1;
    parts.push(
      tf.tidy(() => {
        const h = model.encode(ids);
        return n < block ? tf.slice(h, [0, 0], [n, -1]) : h;
      }),
    );
  }
  const all = parts.length === 1 ? parts[0] : (tf.concat(parts) as tf.Tensor2D);
  if (parts.length > 1) tf.dispose(parts);
  return all;
}
