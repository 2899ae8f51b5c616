import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { densifyRows, toCsr } from '../data/csr';
import { sample } from '../data/fixtures';
import { heapKernels } from './kernels/heap';
import { sparseOpsLeak } from './testdata';
import { csrBlock, sddmm, spmm } from './sparse';

const d = sample(30, 20, 200);
const m = toCsr(d.ratings, d.numUsers, d.numItems, true);
const rows = [3, 0, -1, 7];
const block = csrBlock(m, rows);
const close = async (a: tf.Tensor, b: tf.Tensor) => {
  const [x, y] = [await a.data(), await b.data()];
  expect(x.length).toBe(y.length);
  x.forEach((v, k) => expect(v).toBeCloseTo(y[k], 4));
};

// cpu: the kernels copy their inputs out of tfjs; wasm: they run in place in its heap.
describe.each(['cpu', 'wasm'])('on %s', (backend) => {
  let X: tf.Tensor2D;
  beforeAll(async () => {
    await tf.setBackend(backend);
    X = tf.tensor2d(densifyRows(m, rows, new Float32Array(rows.length * m.cols)), [rows.length, m.cols]);
  });

  it('runs the path it should', () => {
    expect(heapKernels() !== undefined).toBe(backend === 'wasm');
  });

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
    const w2t = tf.randomNormal([m.cols, 5], 0, 1, 'float32', 4) as tf.Tensor2D; // the decoder weight, transposed
    const b2 = tf.randomNormal([m.cols], 0, 1, 'float32', 5) as tf.Tensor1D;
    const vals = tf.tensor1d(block.val);
    const mask = tf.sign(X);
    const sparseLoss = (h: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.sub(sddmm(block, h as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D), vals)));
    const denseLoss = (h: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(tf.mul(tf.sub(tf.add(tf.matMul(h as tf.Tensor2D, w as tf.Tensor2D, false, true), b), X), mask)));
    expect((await sparseLoss(h, w2t, b2).data())[0]).toBeCloseTo((await denseLoss(h, w2t, b2).data())[0], 2);
    const gs = tf.grads(sparseLoss)([h, w2t, b2]);
    const gd = tf.grads(denseLoss)([h, w2t, b2]);
    for (let i = 0; i < 3; i++) await close(gs[i], gd[i]);
  });

  it('leaves no tensor behind inside a tidy, forward and backward', () => {
    expect(sparseOpsLeak(block, m.cols)).toBe(0);
  });
});
