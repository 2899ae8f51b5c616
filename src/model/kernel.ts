import * as tf from '@tensorflow/tfjs';
import { matMul } from './matmul';

type CustomGrad = Parameters<typeof tf.customGrad>[0];

/** ‖u_i − v_j‖² for u [n, d] and v [m, d]: [n, m]. */
function distances(u: tf.Tensor2D, v: tf.Tensor2D): tf.Tensor2D {
  const uu = tf.sum(tf.square(u), 1, true);
  const vv = tf.reshape(tf.sum(tf.square(v), 1), [1, -1]);
  return tf.sub(tf.add(uu, vv), tf.mul(tf.scalar(2), matMul(u, v, false, true)));
}

/** max(0, 1 − d²) from the distances. */
const hat = (d2: tf.Tensor2D) => tf.relu(tf.sub(tf.scalar(1), d2)) as tf.Tensor2D;

/**
 * The gradients in u and v of a function of the kernel, given g = its gradient in the kernel: the kernel's slope in
 * d² is −1 where d² < 1 and 0 elsewhere, and ∂d²/∂u_i = 2 (u_i − v_j), ∂d²/∂v_j = −2 (u_i − v_j).
 */
function vectorGrads(g: tf.Tensor2D, d2: tf.Tensor2D, u: tf.Tensor2D, v: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  return tf.tidy(() => {
    const gd = tf.neg(tf.mul(g, tf.step(tf.sub(tf.scalar(1), d2)))) as tf.Tensor2D; // ∂/∂d² (step(0) = 0 at d² = 1)
    const two = tf.scalar(2);
    const du = tf.mul(two, tf.sub(tf.mul(u, tf.sum(gd, 1, true)), matMul(gd, v)));
    const dv = tf.mul(two, tf.sub(tf.mul(v, tf.reshape(tf.sum(gd, 0), [-1, 1])), matMul(gd, u, true, false)));
    return [du as tf.Tensor2D, dv as tf.Tensor2D];
  });
}

/**
 * The local kernel of Muller et al. 2018 ("Kernelized synaptic weight matrices"): K[i][j] = max(0, 1 − ‖u_i − v_j‖²)
 * for u [n, d] and v [m, d], an [n, m] matrix (for tests and views; training uses `kernelized` and `kernelSquares`).
 */
export function localKernel(u: tf.Tensor2D, v: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => hat(distances(u, v)));
}

/**
 * W ⊙ localKernel(u, v): a layer's weight with the kernel deciding which connections exist. One op with its own
 * gradient, which keeps only W, u and v between the forward and the backward pass and recomputes the kernel there:
 * tfjs's chain of ops would keep five [n, m] intermediates per layer alive for the backward pass (at the ML-10M
 * shape, 140 MB each: the wasm heap's 4 GiB ran out).
 */
export const kernelized = tf.customGrad(((w: tf.Tensor2D, u: tf.Tensor2D, v: tf.Tensor2D, save: (t: tf.Tensor[]) => void) => {
  save([w, u, v]);
  return {
    value: tf.tidy(() => tf.mul(w, hat(distances(u, v)))),
    gradFunc: (dy: tf.Tensor2D, [sw, su, sv]: tf.Tensor2D[]) =>
      tf.tidy(() => {
        const d2 = distances(su, sv);
        return [tf.mul(dy, hat(d2)), ...vectorGrads(tf.mul(dy, sw) as tf.Tensor2D, d2, su, sv)];
      }),
  };
}) as CustomGrad) as (w: tf.Tensor2D, u: tf.Tensor2D, v: tf.Tensor2D) => tf.Tensor2D;

/** Σ K² of localKernel(u, v), the kernel's penalty before its λs / 2, as one op (same reason as `kernelized`). */
export const kernelSquares = tf.customGrad(((u: tf.Tensor2D, v: tf.Tensor2D, save: (t: tf.Tensor[]) => void) => {
  save([u, v]);
  return {
    value: tf.tidy(() => tf.sum(tf.square(hat(distances(u, v))))),
    gradFunc: (dy: tf.Scalar, [su, sv]: tf.Tensor2D[]) =>
      tf.tidy(() => {
        const d2 = distances(su, sv);
        return vectorGrads(tf.mul(tf.mul(tf.scalar(2), dy), hat(d2)) as tf.Tensor2D, d2, su, sv);
      }),
  };
}) as CustomGrad) as (u: tf.Tensor2D, v: tf.Tensor2D) => tf.Scalar;
