import * as tf from '@tensorflow/tfjs';
import { observedMask } from './dense-loss';

/** Squared and absolute error sums of clipped predictions over the observed entries of `target`. */
export function clippedErrors(pred: tf.Tensor, target: tf.Tensor, lo: number, hi: number): [tf.Scalar, tf.Scalar] {
  return tf.tidy(() => {
    const err = tf.mul(tf.sub(tf.clipByValue(pred, lo, hi), target), observedMask(target));
    return [tf.sum(tf.square(err)), tf.sum(tf.abs(err))];
  });
}

/** RMSE and MAE over the observed entries of `target` (one readback; for tests and one-off checks). */
export async function rmseMae(pred: tf.Tensor, target: tf.Tensor, lo: number, hi: number): Promise<{ rmse: number; mae: number }> {
  const [sse, ae] = clippedErrors(pred, target, lo, hi);
  const sums = tf.tidy(() => tf.stack([sse, ae, tf.sum(observedMask(target))]));
  const [s, a, n] = await sums.data();
  tf.dispose([sse, ae, sums]);
  return { rmse: Math.sqrt(s / n), mae: a / n };
}
