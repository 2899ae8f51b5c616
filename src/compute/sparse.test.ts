import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { densifyRows, toCsr } from '../data/csr';
import { sample } from '../testing/fixtures';
import { heapKernels, POOL_MIN_BYTES } from './wasm/wasm-heap';
import { sparseOpsLeak } from '../testing/trainers';
import { activate } from '../model/autorec';
import type { Activation } from '../config/config';
import { dropoutMask, maskParams } from './dropout';
import { csrBlock, sddmm, spmm, spmmLayer } from './sparse';

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

  it('refuses a padded or foreign block with a clear error, before any kernel runs', () => {
    const w = tf.randomNormal([m.cols, 5]) as tf.Tensor2D;
    const h = tf.randomNormal([rows.length, 5]) as tf.Tensor2D;
    const b2 = tf.zeros([m.cols]) as tf.Tensor1D;
    const padded = csrBlock(m, rows, block.col.length + 3);
    expect(() => spmm(padded, w)).toThrow(/spmm: a padded block \(\d+ entries in arrays of \d+\): the wasm and cpu kernels take exact blocks/);
    expect(() => sddmm(padded, h, w, b2)).toThrow(/sddmm: a padded block/);
    const other = csrBlock(toCsr(d.ratings, d.numUsers, d.numItems, false), [1, 2, 3, 4]); // U-AutoRec's rows: items as columns
    expect(() => spmm(other, w)).toThrow(`spmm: a block of a matrix with ${d.numItems} columns, against a weight of ${m.cols} rows (a block for another matrix?)`);
    const n = block.ptr[rows.length];
    expect(() => spmm({ ...block, ptr: Int32Array.from(block.ptr, (p, b) => (b === rows.length ? n + 1 : p)) }, w)).toThrow(`spmm: the block's row pointers end at ${n + 1}, past its ${n} entries`);
    const pastCols = { ...block, col: block.col.map((c, k) => (k === 2 ? m.cols : c)) };
    expect(() => spmm(pastCols, w)).toThrow(`rowsum: input row index ${m.cols} at entry 2 is outside the ${m.cols} rows of the input`);
    expect(() => sddmm(pastCols, h, w, b2)).toThrow(`dots: right row index ${m.cols} at entry 2 is outside the ${m.cols} rows of the right matrix`);
    const pastRows = { ...block, row: block.row.map((r, k) => (k === 1 ? rows.length : r)) };
    expect(() => sddmm(pastRows, h, w, b2)).toThrow(`dots: left row index ${rows.length} at entry 1 is outside the ${rows.length} rows of the left matrix`);
    // spmm's forward pass reads the row pointers, its gradient the entries' rows
    expect(() => tf.grad((wt: tf.Tensor) => tf.sum(spmm(pastRows, wt as tf.Tensor2D)))(w)).toThrow(`rowsum: input row index ${rows.length} at entry 1 is outside the ${rows.length} rows of the input`);
    expect(() => sddmm(block, tf.zeros([2, 5]) as tf.Tensor2D, w, b2)).toThrow(`sddmm: a block of ${rows.length} rows with h [2,5]`);
    tf.dispose([w, h, b2]);
  });
});

describe('the in-place wasm kernels', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  // h = act(X W + b) as one rowsum that finishes its sums (sigmoid: our own e^x), and its gradients from actgrad,
  // rowsum and colsum, against spmm, add and tfjs's activation; wide enough for the 32-, 4- and 1-column paths
  it.each(['sigmoid', 'relu', 'identity'])('spmmLayer with %s is the composed layer, forward and both gradients', async (act) => {
    const H = 39;
    const X = tf.tensor2d(densifyRows(m, rows, new Float32Array(rows.length * m.cols)), [rows.length, m.cols]);
    const w = tf.randomNormal([m.cols, H], 0, 0.5, 'float32', 6) as tf.Tensor2D;
    const b = tf.randomNormal([H], 0, 1, 'float32', 7) as tf.Tensor1D;
    const dy = tf.randomNormal([rows.length, H], 0, 1, 'float32', 8);
    const composed = (w: tf.Tensor, b: tf.Tensor) => activate(tf.add(tf.matMul(X, w as tf.Tensor2D), b) as tf.Tensor2D, act as Activation);
    const fused = (w: tf.Tensor, b: tf.Tensor) => spmmLayer(block, w as tf.Tensor2D, b as tf.Tensor1D, act)!;
    const [y1, y2] = [await fused(w, b).data(), await composed(w, b).data()];
    y1.forEach((v, k) => expect(Math.abs(v - y2[k])).toBeLessThan(2e-6 * Math.max(1, Math.abs(y2[k]))));
    const loss = (f: typeof fused) => (w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(w, b), dy));
    const [gw1, gb1] = tf.grads(loss(fused))([w, b]);
    const [gw2, gb2] = tf.grads(loss(composed))([w, b]);
    await close(gw1, gw2);
    await close(gb1, gb2);
    expect(spmmLayer(block, w, b, 'tanh'), 'an activation without a kernel: the caller composes it').toBeUndefined();
  });

  it('the fused sigmoid never returns a subnormal float (0 below -87.34, as tfjs-wasm\'s): they slowed every product they entered', async () => {
    const w = tf.zeros([m.cols, 8]) as tf.Tensor2D;
    const b = tf.tensor1d([-200, -100, -87.4, -87.3, -80, -20, 0, 30]);
    const y = await spmmLayer(block, w, b, 'sigmoid')!.data();
    const row = Array.from(y.slice(0, 8));
    expect(row.slice(0, 3)).toEqual([0, 0, 0]);
    for (const v of row.slice(3)) expect(v).toBeGreaterThanOrEqual(1.1754943508222875e-38); // the smallest normal float
    expect(row[4]).toBeCloseTo(Math.exp(-80) / (1 + Math.exp(-80)), 40);
    expect(row[6]).toBe(0.5);
    tf.dispose([w, b]);
  });

  it('spmmLayer with dropout is the layer times the dropout mask, bit for bit, forward and gradients', async () => {
    const H = 37;
    const w = tf.randomNormal([m.cols, H], 0, 0.5, 'float32', 9) as tf.Tensor2D;
    const b = tf.randomNormal([H], 0, 1, 'float32', 10) as tf.Tensor1D;
    const dy = tf.randomNormal([rows.length, H], 0, 1, 'float32', 11);
    const p = maskParams(0.3, 12345);
    const fused = (w: tf.Tensor, b: tf.Tensor): tf.Tensor => spmmLayer(block, w as tf.Tensor2D, b as tf.Tensor1D, 'sigmoid', p)!;
    const apart = (w: tf.Tensor, b: tf.Tensor) => tf.mul(spmmLayer(block, w as tf.Tensor2D, b as tf.Tensor1D, 'sigmoid')!, dropoutMask(rows.length, H, 0.3, 12345));
    expect(await fused(w, b).data()).toEqual(await apart(w, b).data());
    const loss = (f: typeof fused) => (w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(w, b), dy));
    const g1 = tf.grads(loss(fused))([w, b]);
    const g2 = tf.grads(loss(apart))([w, b]);
    for (let i = 0; i < 2; i++) expect(await g1[i].data()).toEqual(await g2[i].data());
    const dropped = (await fused(w, b).data()).filter((v) => v === 0).length;
    expect(dropped / (rows.length * H)).toBeGreaterThan(0.15); // the mask drops about 30%
  });

  it('spmmLayer leaves no tensor behind inside a tidy, forward and backward', () => {
    const w = tf.randomNormal([m.cols, 8]) as tf.Tensor2D;
    const b = tf.zeros([8]) as tf.Tensor1D;
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grads((w: tf.Tensor, b: tf.Tensor) => tf.sum(spmmLayer(block, w as tf.Tensor2D, b as tf.Tensor1D, 'sigmoid')!))([w, b]);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, b]);
  });

  it('throw on an index past its tensor and leave the tensors beside it as they were', async () => {
    const heap = heapKernels()!;
    const before = tf.fill([64], 7);
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const after = tf.fill([64], 7);
    const scale = tf.tensor1d([1, 1]);
    const [i01, i0m1, i02, i05] = [[0, 1], [0, -1], [0, 2], [0, 5]].map((a) => tf.tensor1d(a, 'int32'));
    const ptr = (a: number[]) => tf.tensor1d(a, 'int32');
    const p012 = ptr([0, 1, 2]);
    expect(() => heap.rowsum(2, p012, undefined, scale, i0m1, x, 3)).toThrow(/rowsum: input row index -1 at entry 1 is outside the 2 rows of the input \(a padded block\?/);
    expect(() => heap.rowsum(2, p012, undefined, scale, i02, x, 3)).toThrow('rowsum: input row index 2 at entry 1 is outside the 2 rows of the input');
    expect(() => heap.rowsum(2, p012, undefined, tf.tensor1d([1, 1, 1]), i01, x, 3)).toThrow('rowsum: 3 scales but 2 input row indices');
    expect(() => heap.dots(x, i01, x, i05, 3)).toThrow('dots: right row index 5 at entry 1 is outside the 2 rows of the right matrix');
    expect(() => heap.dots(x, i01, x, i01, 4)).toThrow('dots: the left matrix holds 6 floats, not whole rows of 4');
    expect(() => heap.rowsum(2, tf.tensor1d([0, 1, 2]), undefined, scale, i01, x, 3)).toThrow('rowsum: the row pointers must be int32, not float32');
    expect(() => heap.rowsum(2, ptr([0, 1, 3]), undefined, scale, i01, x, 3)).toThrow('rowsum: the row pointers end at 3, past the 2 entries');
    expect(() => heap.rowsum(2, ptr([0, 2, 1]), undefined, scale, i01, x, 3)).toThrow('rowsum: the row pointers fall at row 1 (2 then 1)');
    expect(() => heap.rowsum(3, ptr([0, 1, 2]), undefined, scale, i01, x, 3)).toThrow('rowsum: 3 output rows but 3 row pointers');
    expect(() => heap.rowsum(2, ptr([0, 1, 2]), undefined, scale, i05, x, 3)).toThrow('rowsum: input row index 5 at entry 1 is outside the 2 rows of the input');
    expect(() => heap.rowsum(2, ptr([0, 1, 2]), i0m1, scale, i01, x, 3)).toThrow('rowsum: entry index -1 at entry 1 is outside the 2 rows of the entries');
    expect(() => heap.dots(x, i01, x, i01, 3, tf.zeros([3]))).toThrow('dots: a bias of 3 for 2 right rows');
    expect([...(await before.data()), ...(await after.data())].every((v) => v === 7)).toBe(true);
    expect(await heap.rowsum(2, p012, undefined, scale, i01, x, 3).data()).toEqual(Float32Array.of(1, 2, 3, 4, 5, 6));
    // row 0 = 2 x[1] (its entries: entry 1, by the order), row 1 = 1 x[0] + 2 x[1], row 2 empty
    const entries = { a: tf.tensor1d([1, 2]), xi: i01 };
    expect(await heap.rowsum(3, ptr([0, 1, 3, 3]), ptr([1, 0, 1]), entries.a, entries.xi, x, 3).data()).toEqual(Float32Array.of(8, 10, 12, 9, 12, 15, 0, 0, 0));
    expect(await heap.dots(x, i01, x, i01, 3, tf.tensor1d([0.5, -1])).data()).toEqual(Float32Array.of(14.5, 76));
  });

  it('reuse a pooled buffer for large outputs once it is free, every float written again', async () => {
    const heap = heapKernels()!;
    const [rows, h] = [POOL_MIN_BYTES / 4 / 64, 64]; // the smallest pooled output
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8].flatMap((v) => Array(h / 8).fill(v)), [1, h]);
    const at = (t: tf.Tensor) => (tf.backend() as unknown as { getMemoryOffset(id: object): number }).getMemoryOffset(t.dataId);
    // one entry, of scale s, in output row r
    const one = (r: number, s: number) => heap.rowsum(rows, tf.tensor1d(Int32Array.from({ length: rows + 1 }, (_, i) => (i > r ? 1 : 0))), undefined, tf.tensor1d([s]), tf.tensor1d([0], 'int32'), x, h);
    const a = one(rows - 1, 2);
    const b = one(0, 1);
    expect(at(b), 'a second buffer while the first is in use').not.toBe(at(a));
    const offset = at(a);
    a.dispose();
    const c = one(1, 3);
    expect(at(c), 'the freed one again').toBe(offset);
    const values = (await c.data()) as Float32Array;
    expect(values.slice(h, 2 * h)).toEqual(Float32Array.from(await x.data(), (v) => 3 * v));
    expect(values.reduce((s, v) => s + Math.abs(v), 0), 'zero outside row 1: nothing left of the first output').toBe(3 * 36 * (h / 8));
    tf.dispose([b, c]);
    heap.release();
  });
});
