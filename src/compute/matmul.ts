import * as tf from '@tensorflow/tfjs';

type CustomGrad = Parameters<typeof tf.customGrad>[0];

/**
 * a b for 2-D tensors, with gradients that never ask tfjs-wasm for a transposed operand: its matMul with
 * transposeA or transposeB is ~12x slower than with a transpose made first (a 256 x 500 by 500 x 500 product:
 * 63-66 ms against 5.3 ms plain and 7.4 ms with tf.transpose; tfjs's own matMul gradient uses the flags). On the
 * other backends it is tf.matMul.
 */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA = false, transposeB = false): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b, transposeA, transposeB);
  return plain(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b);
}

const plain = tf.customGrad(((a: tf.Tensor2D, b: tf.Tensor2D, save: (t: tf.Tensor[]) => void) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor2D, [sa, sb]: tf.Tensor2D[]) => [tf.matMul(dy, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy)],
  };
}) as CustomGrad) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
