import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { densifyRows, toCsr } from '../data/csr';
import { sample } from '../data/fixtures';
import { csrBlock, sddmm, spmm } from './sparse';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const d = sample(30, 20, 200);
const m = toCsr(d.ratings, d.numUsers, d.numItems, true);
const rows = [3, 0, -1, 7];
const block = csrBlock(m, rows);
const X = tf.tensor2d(densifyRows(m, rows, new Float32Array(rows.length * m.cols)), [rows.length, m.cols]);
const close = async (a: tf.Tensor, b: tf.Tensor) => {
  const [x, y] = [await a.data(), await b.data()];
  expect(x.length).toBe(y.length);
  x.forEach((v, k) => expect(v).toBeCloseTo(y[k], 4));
};

it('spmm equals the dense product and its gradient', async () => {
  const w = tf.randomNormal([m.cols, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
  await close(spmm(block, w), tf.matMul(X, w));
  const dy = tf.randomNormal([rows.length, 5], 0, 1, 'float32', 2);
  const g1 = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(spmm(block, w as tf.Tensor2D), dy)))(w);
  const g2 = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.matMul(X, w as tf.Tensor2D), dy)))(w);
  await close(g1, g2);
});

it('sddmm equals the dense decoder at observed entries, and so do all three gradients', async () => {
  const h = tf.randomNormal([rows.length, 5], 0, 1, 'float32', 3) as tf.Tensor2D;
  const w2 = tf.randomNormal([5, m.cols], 0, 1, 'float32', 4) as tf.Tensor2D;
  const b2 = tf.randomNormal([m.cols], 0, 1, 'float32', 5) as tf.Tensor1D;
  const vals = tf.tensor1d(block.val);
  const mask = tf.sign(X);
  const sparseLoss = (h: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.sub(sddmm(block, h as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D), vals)));
  const denseLoss = (h: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.mul(tf.sub(tf.add(tf.matMul(h as tf.Tensor2D, w as tf.Tensor2D), b), X), mask)));
  expect((await sparseLoss(h, w2, b2).data())[0]).toBeCloseTo((await denseLoss(h, w2, b2).data())[0], 2);
  const gs = tf.grads(sparseLoss)([h, w2, b2]);
  const gd = tf.grads(denseLoss)([h, w2, b2]);
  for (let i = 0; i < 3; i++) await close(gs[i], gd[i]);
});
