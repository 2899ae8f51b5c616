import * as tf from '@tensorflow/tfjs';
import { matMul } from './matmul';

/**
 * The local kernel of Muller et al. 2018 ("Kernelized synaptic weight matrices"): K[i][j] = max(0, 1 − ‖u_i − v_j‖²)
 * for u [n, d] and v [m, d], an [n, m] matrix. A layer's weight W becomes W ⊙ K: the kernel learns which
 * connections exist (K = 0 cuts one), and differentiates in W, u and v like any tfjs op.
 */
export function localKernel(u: tf.Tensor2D, v: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const uu = tf.sum(tf.square(u), 1, true);
    const vv = tf.reshape(tf.sum(tf.square(v), 1), [1, -1]);
    const dist2 = tf.sub(tf.add(uu, vv), tf.mul(tf.scalar(2), matMul(u, v, false, true)));
    return tf.relu(tf.sub(tf.scalar(1), dist2)) as tf.Tensor2D;
  });
}

/** W ⊙ localKernel(u, v). */
export function kernelized(w: tf.Tensor2D, u: tf.Tensor2D, v: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(w, localKernel(u, v));
}
