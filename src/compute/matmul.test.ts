import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, expect, it } from 'vitest';
import { matMul } from './matmul';

afterAll(async () => {
  await tf.setBackend('cpu');
});

it.each([
  [false, false],
  [false, true],
  [true, false],
  [true, true],
])('on wasm, matMul (transposeA %s, transposeB %s) and its gradients equal tf.matMul and its own', async (ta, tb) => {
  await tf.setBackend('wasm');
  const a = tf.randomNormal(ta ? [7, 5] : [5, 7], 0, 1, 'float32', 1) as tf.Tensor2D;
  const b = tf.randomNormal(tb ? [3, 7] : [7, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
  const dy = tf.randomNormal([5, 3], 0, 1, 'float32', 3) as tf.Tensor2D;
  const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.mul(matMul(x as tf.Tensor2D, y as tf.Tensor2D, ta, tb), dy));
  const theirs = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.mul(tf.matMul(x, y, ta, tb), dy));
  const close = (got: tf.Tensor, want: tf.Tensor) => Array.from(want.dataSync()).forEach((w, k) => expect(got.dataSync()[k]).toBeCloseTo(w, 4));
  close(matMul(a, b, ta, tb), tf.matMul(a, b, ta, tb));
  const [ga, gb] = ours([a, b]);
  const [wa, wb] = theirs([a, b]);
  expect(ga.shape).toEqual(a.shape);
  expect(gb.shape).toEqual(b.shape);
  close(ga, wa);
  close(gb, wb);
});
