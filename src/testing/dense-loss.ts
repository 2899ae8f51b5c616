import * as tf from '@tensorflow/tfjs';

/** 1 where a rating is observed (ratings are > 0), 0 elsewhere. */
export function observedMask(x: tf.Tensor): tf.Tensor {
  return tf.sign(x);
}

/**
 * Sum of squared errors over observed entries only. Unobserved positions are multiplied by an
 * exact 0 before squaring, so they add nothing to the loss and get a gradient of exactly 0.
 */
export function maskedSse(pred: tf.Tensor, target: tf.Tensor, mask: tf.Tensor = observedMask(target)): tf.Scalar {
  return tf.sum(tf.square(tf.mul(tf.sub(pred, target), mask)));
}
