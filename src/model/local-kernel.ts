import * as tf from '@tensorflow/tfjs';
import { matMul } from '../compute/matmul';

type CustomGrad = Parameters<typeof tf.customGrad>[0];

/**
 * 1 − ‖u_i − v_j‖² for u [n, d] and v [m, d], [n, m], as one product of augmented vectors,
 * [u_i, ‖u_i‖², 1] · [2 v_j, −1, 1 − ‖v_j‖²]: the only [n, m] buffer it makes is its result.
 */
function closeness(u: tf.Tensor2D, v: tf.Tensor2D): tf.Tensor2D {
  const [a, b] = tf.tidy(() => {
    const uu = tf.sum(tf.square(u), 1, true);
    const vv = tf.sum(tf.square(v), 1, true);
    return [tf.concat([u, uu, tf.onesLike(uu)], 1), tf.concat([tf.mul(tf.scalar(2), v), tf.neg(tf.onesLike(vv)), tf.sub(tf.scalar(1), vv)], 1)];
  });
  const s = matMul(a as tf.Tensor2D, b as tf.Tensor2D, false, true);
  tf.dispose([a, b]);
  return s;
}

/**
 * The gradients in u and v of a function of the kernel K = max(0, s), s = 1 − d², given gm = its gradient in K where
 * s > 0 (0 elsewhere): ∂s/∂u_i = −2 (u_i − v_j), ∂s/∂v_j = 2 (u_i − v_j).
 */
function vectorGrads(gm: tf.Tensor2D, u: tf.Tensor2D, v: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  return tf.tidy(() => {
    const two = tf.scalar(2);
    const du = tf.mul(two, tf.sub(matMul(gm, v), tf.mul(u, tf.sum(gm, 1, true))));
    const dv = tf.mul(two, tf.sub(matMul(gm, u, true, false), tf.mul(v, tf.reshape(tf.sum(gm, 0), [-1, 1]))));
    return [du as tf.Tensor2D, dv as tf.Tensor2D];
  });
}

/** Runs f on s = closeness(u, v) and its kernel K = relu(s), freeing each [n, m] buffer as soon as it is done. */
function withKernel<T extends tf.TensorContainer>(u: tf.Tensor2D, v: tf.Tensor2D, f: (k: tf.Tensor2D, s: tf.Tensor2D) => T): T {
  const s = closeness(u, v);
  const k = tf.relu(s) as tf.Tensor2D;
  try {
    return f(k, s);
  } finally {
    tf.dispose([s, k]);
  }
}

/** g ⊙ [s > 0]: a gradient in K carried back to s. */
const throughRelu = (g: tf.Tensor2D, s: tf.Tensor2D) =>
  tf.tidy(() => {
    const mask = tf.step(s);
    const out = tf.mul(g, mask);
    mask.dispose();
    return out as tf.Tensor2D;
  });

/**
 * The local kernel of Muller et al. 2018 ("Kernelized synaptic weight matrices"): K[i][j] = max(0, 1 − ‖u_i − v_j‖²)
 * for u [n, d] and v [m, d], an [n, m] matrix (for tests and views; training uses `kernelized` and `kernelSquares`).
 */
export function localKernel(u: tf.Tensor2D, v: tf.Tensor2D): tf.Tensor2D {
  return withKernel(u, v, (k) => tf.clone(k));
}

/**
 * W ⊙ localKernel(u, v): a layer's weight with the kernel deciding which connections exist. One op with its own
 * gradient that keeps only W, u and v for the backward pass and recomputes the kernel there, and makes at most a few
 * [n, m] buffers at a time: tfjs's chain of ops keeps about ten alive (at the ML-10M shape, 140 MB each, and the
 * wasm heap's 4 GiB ran out).
 */
export const kernelized = tf.customGrad(((w: tf.Tensor2D, u: tf.Tensor2D, v: tf.Tensor2D, save: (t: tf.Tensor[]) => void) => {
  save([w, u, v]);
  return {
    value: withKernel(u, v, (k) => tf.mul(w, k)),
    gradFunc: (dy: tf.Tensor2D, [sw, su, sv]: tf.Tensor2D[]) =>
      withKernel(su, sv, (k, s) => {
        const dw = tf.mul(dy, k) as tf.Tensor2D;
        const g = tf.mul(dy, sw) as tf.Tensor2D;
        const gm = throughRelu(g, s);
        g.dispose();
        const [du, dv] = vectorGrads(gm, su, sv);
        gm.dispose();
        return [dw, du, dv];
      }),
  };
}) as CustomGrad) as (w: tf.Tensor2D, u: tf.Tensor2D, v: tf.Tensor2D) => tf.Tensor2D;

/** Σ K² of localKernel(u, v), the kernel's penalty before its λs / 2, as one op (same reasons as `kernelized`). */
export const kernelSquares = tf.customGrad(((u: tf.Tensor2D, v: tf.Tensor2D, save: (t: tf.Tensor[]) => void) => {
  save([u, v]);
  return {
    value: withKernel(u, v, (k) => tf.sum(tf.square(k))),
    gradFunc: (dy: tf.Scalar, [su, sv]: tf.Tensor2D[]) =>
      withKernel(su, sv, (k) => {
        // ∂(Σ K²)/∂K = 2K, which is 0 where s ≤ 0 already
        const gm = tf.mul(k, tf.mul(tf.scalar(2), dy)) as tf.Tensor2D;
        const grads = vectorGrads(gm, su, sv);
        gm.dispose();
        return grads;
      }),
  };
}) as CustomGrad) as (u: tf.Tensor2D, v: tf.Tensor2D) => tf.Scalar;
