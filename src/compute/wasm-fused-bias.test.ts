import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, expect, it } from 'vitest';
import { forward, type AutoRecParams } from '../model/autorec';

// tfjs-wasm 4.22: tf.fused.matMul({ a, b, bias, transposeB: true }) adds the right bias to row 0 only and bias[n-1]
// to every later row. forward() (the dense path's decoder) adds its bias apart; this test watches both facts.
afterAll(async () => {
  await tf.setBackend('cpu');
});

it('on wasm the decoder of the dense path adds each output its own bias, in every row', async () => {
  await tf.setBackend('wasm');
  const h = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
  const w = tf.tensor2d([1, 0, 0, 1, 1, 1, 2, 0], [4, 2]); // decoder [outputs, hidden]
  const b = tf.tensor1d([10, 20, 30, 40]);
  const want = tf.add(tf.matMul(h, tf.transpose(w)), b);
  const p = { encoder: [], decoder: { w: tf.variable(w), b: tf.variable(b) } } as unknown as AutoRecParams;
  const got = forward(p, h, { hidden: 2, extraLayers: 0, encoder: 'identity', decoder: 'identity', dropout: 0 });
  expect([...got.dataSync()]).toEqual([...want.dataSync()]);
  const fused = tf.fused.matMul({ a: h, b: w, bias: b, transposeB: true });
  const wrongRows = [...tf.sub(fused, want).dataSync()].filter((x) => Math.abs(x) > 1e-6).length;
  console.log(`tf.fused.matMul with transposeB and a bias on wasm: ${wrongRows} of 12 entries wrong (0 once tfjs fixes it)`);
});
