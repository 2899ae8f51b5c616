import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { densifyRows, toCsr } from '../data/csr';
import { sample } from '../testing/fixtures';
import { makeRng } from '../data/rng';
import { createParams, decodeAt, disposeParams, encodeSparse, forward, paramList, type AutoRecParams } from '../model/autorec';
import { OPTIMIZERS, type TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { maskedSse } from '../testing/dense-loss';
import { longestRows } from './memory';
import { csrBlock, sddmm, spmm } from './sparse';
import type { CsrBlock } from '../data/types';
import { tinyTrainData, sparseOpsLeak } from '../testing/trainers';
import { Trainer } from '../train/trainer';
import { startWebGpuInNode, webGpuInNodeRequired } from './webgpu-node';

// The webgpu sparse path on Dawn in Node (SwiftShader where there is no GPU); skipped where Dawn finds no
// adapter, except on CI with chromium's SwiftShader driver installed, where they must run: there they fail.
const unavailable = await startWebGpuInNode();
const required = webGpuInNodeRequired();
if (unavailable && required) {
  throw new Error(`the webgpu sparse tests must run (${required}), but they cannot: ${unavailable}`);
}
if (unavailable) console.warn(`webgpu sparse tests skipped: ${unavailable}`);

/** Largest difference relative to the largest magnitude: per-element ratios blow up on values near 0. */
async function relDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const [x, y] = [await a.data(), await b.data()];
  expect(x.length).toBe(y.length);
  let diff = 0;
  let scale = 0;
  for (let k = 0; k < x.length; k++) {
    diff = Math.max(diff, Math.abs(x[k] - y[k]));
    scale = Math.max(scale, Math.abs(y[k]));
  }
  return scale === 0 ? diff : diff / scale;
}

const TOL = 1e-5;
/** Threads per workgroup of the AutoRec shaders (sparse-webgpu.ts). */
const WORKGROUP = 64;

describe.skipIf(unavailable !== undefined)('sparse ops on webgpu', () => {
  const d = sample(30, 20, 200);
  const m = toCsr(d.ratings, d.numUsers, d.numItems, true);
  const rows = [3, 0, -1, 7];
  let X: tf.Tensor2D;
  const exactBlock = csrBlock(m, rows);
  const paddedBlock = csrBlock(m, rows, longestRows(m.rowPtr, rows.length) + 5);
  // Hidden sizes of 8 run 4 units to a thread (vec4), 5 one.
  const cases: [string, number, CsrBlock][] = [
    ['exact', 5, exactBlock],
    ['padded', 5, paddedBlock],
    ['padded', 8, paddedBlock],
  ];
  beforeAll(() => {
    expect(tf.getBackend()).toBe('webgpu');
    X = tf.tensor2d(densifyRows(m, rows, new Float32Array(rows.length * m.cols)), [rows.length, m.cols]);
  });

  it('runs the WGSL kernels', async () => {
    const w = tf.randomNormal([m.cols, 8]) as tf.Tensor2D;
    const info = await tf.profile(() => sddmm(paddedBlock, spmm(paddedBlock, w), w, tf.zeros([m.cols])));
    expect(info.kernelNames).toEqual(expect.arrayContaining(['AutoRecSegmentMatMul', 'AutoRecSddmm']));
  });

  it.each(cases)('spmm equals the dense product and its gradient (%s block, %i hidden)', async (_, H, block) => {
    const w = tf.randomNormal([m.cols, H], 0, 1, 'float32', 1) as tf.Tensor2D;
    expect(await relDiff(spmm(block, w), tf.matMul(X, w))).toBeLessThan(TOL);
    const dy = tf.randomNormal([rows.length, H], 0, 1, 'float32', 2);
    const g1 = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(spmm(block, w as tf.Tensor2D), dy)))(w);
    const g2 = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.matMul(X, w as tf.Tensor2D), dy)))(w);
    expect(await relDiff(g1, g2)).toBeLessThan(TOL);
  });

  it.each(cases)('sddmm equals the dense decoder at observed entries, and so do all three gradients (%s block, %i hidden)', async (_, H, block) => {
    const h = tf.randomNormal([rows.length, H], 0, 1, 'float32', 3) as tf.Tensor2D;
    const w2t = tf.randomNormal([m.cols, H], 0, 1, 'float32', 4) as tf.Tensor2D;
    const b2 = tf.randomNormal([m.cols], 0, 1, 'float32', 5) as tf.Tensor1D;
    const vals = tf.tensor1d(block.val);
    const real = tf.sign(vals); // 0 at padding
    const sparseLoss = (h: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(tf.mul(tf.sub(sddmm(block, h as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D), vals), real)));
    const denseLoss = (h: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => maskedSse(tf.add(tf.matMul(h as tf.Tensor2D, w as tf.Tensor2D, false, true), b), X);
    expect(await relDiff(sparseLoss(h, w2t, b2), denseLoss(h, w2t, b2))).toBeLessThan(TOL);
    const gs = tf.grads(sparseLoss)([h, w2t, b2]);
    const gd = tf.grads(denseLoss)([h, w2t, b2]);
    for (let i = 0; i < 3; i++) expect(await relDiff(gs[i], gd[i]), `gradient ${i}`).toBeLessThan(TOL);
  });

  it('leaves no tensor behind inside a tidy, forward and backward', () => {
    expect(sparseOpsLeak(paddedBlock, m.cols)).toBe(0);
  });
});

describe.skipIf(unavailable !== undefined)('dispatches past the per-dimension workgroup limit (ML-25M\'s dW has 115k-317k workgroups of 64)', () => {
  /** Runs f, recording the dispatch (after tfjs splits it to fit the limit) of every AutoRec kernel it runs. */
  async function dispatches(f: () => Promise<void>): Promise<{ name: string; dispatch: number[] }[]> {
    const backend = tf.backend() as WebGPUBackend;
    const seen: { name: string; dispatch: number[] }[] = [];
    const original = backend.runWebGPUProgram;
    backend.runWebGPUProgram = function (program, ...rest) {
      const out = original.call(this, program, ...rest);
      if (program.shaderKey.startsWith('AutoRec')) seen.push({ name: program.shaderKey, dispatch: [...program.dispatch] });
      return out;
    };
    try {
      await f();
    } finally {
      backend.runWebGPUProgram = original;
    }
    return seen;
  }

  /** A block of `rows` rows of a matrix of `cols` columns, with entries at the last columns and spread over the rest. */
  function wideBlock(rows: number, cols: number, perRow: number): CsrBlock {
    const rng = makeRng(11);
    const ptr = new Int32Array(rows + 1);
    const col: number[] = [];
    for (let b = 0; b < rows; b++) {
      const picked = new Set([cols - 1 - b, b, ...Array.from({ length: perRow }, () => Math.floor(rng() * cols))]);
      col.push(...[...picked].sort((x, y) => x - y));
      ptr[b + 1] = col.length;
    }
    const row = new Int32Array(col.length);
    for (let b = 0; b < rows; b++) row.fill(b, ptr[b], ptr[b + 1]);
    return { rows, cols, ptr, col: Int32Array.from(col), val: Float32Array.from(col, () => 1 + Math.floor(rng() * 5)), row };
  }

  // Hidden 1: dW, dW2t and db each take one thread per column; hidden 8: four units to a thread (vec4).
  it.each([1, 8])('gradients over more columns than 65,535 x 64 threads cover (hidden %i) equal the dense products', async (H) => {
    const limit = (tf.backend() as WebGPUBackend).device.limits.maxComputeWorkgroupsPerDimension;
    const perThread = H % 4 === 0 ? 4 : 1;
    const U = Math.ceil(((limit + 500) * WORKGROUP * perThread) / H);
    expect(Math.ceil((U * H) / perThread / WORKGROUP)).toBeGreaterThan(limit);
    const x = wideBlock(4, U, 300);
    const w = tf.randomNormal([U, H], 0, 1, 'float32', 1) as tf.Tensor2D;
    const dy = tf.randomNormal([x.rows, H], 0, 1, 'float32', 2);
    const h = tf.randomNormal([x.rows, H], 0, 1, 'float32', 3) as tf.Tensor2D;
    const b2 = tf.randomNormal([U], 0, 1, 'float32', 5) as tf.Tensor1D;
    const vals = tf.tensor1d(x.val);
    let sparse: tf.Tensor[] = [];
    const seen = await dispatches(async () => {
      const dW = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(spmm(x, w as tf.Tensor2D), dy)))(w);
      const loss = (w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.sub(sddmm(x, h, w as tf.Tensor2D, b as tf.Tensor1D), vals)));
      sparse = [dW, ...tf.grads(loss)([w, b2])];
      await Promise.all(sparse.map((t) => t.data()));
    });
    // The dense products, over every (row, column) of the block's dense matrix X (tfjs' own matMul cannot
    // dispatch an output this tall): dW = X^T dy; with E = mask * 2 (h W2t^T + b2 - X): dW2t = E^T h, db = colsum E.
    const X = new Float64Array(x.rows * U);
    for (let k = 0; k < x.ptr[x.rows]; k++) X[x.row[k] * U + x.col[k]] = x.val[k];
    const [W, DY, Hd, B2] = await Promise.all([w.data(), dy.data(), h.data(), b2.data()]);
    const [dW, dW2t, db] = [new Float64Array(U * H), new Float64Array(U * H), new Float64Array(U)];
    for (let b = 0; b < x.rows; b++) {
      for (let c = 0; c < U; c++) {
        const xv = X[b * U + c];
        if (xv === 0) continue;
        let pred = B2[c];
        for (let j = 0; j < H; j++) pred += Hd[b * H + j] * W[c * H + j];
        const e = 2 * (pred - xv);
        db[c] += e;
        for (let j = 0; j < H; j++) {
          dW[c * H + j] += xv * DY[b * H + j];
          dW2t[c * H + j] += e * Hd[b * H + j];
        }
      }
    }
    const names = ['spmm: dW', 'sddmm: dW2t', 'sddmm: db'];
    for (const [k, ref] of [dW, dW2t, db].entries()) expect(await relDiff(sparse[k], tf.tensor(Float32Array.from(ref), sparse[k].shape)), names[k]).toBeLessThan(TOL);
    tf.dispose([w, dy, h, b2, vals, ...sparse]);
    const split = seen.filter((s) => s.dispatch[1] > 1);
    expect(split.length, `dispatches: ${JSON.stringify(seen)}`).toBeGreaterThan(0);
    for (const s of seen) expect(Math.max(...s.dispatch)).toBeLessThanOrEqual(limit);
  });

  it('the decoder at more entries than 65,535 x 64 threads cover equals the dense decoder', async () => {
    const limit = (tf.backend() as WebGPUBackend).device.limits.maxComputeWorkgroupsPerDimension;
    const [rows, cols, H] = [66, 65_536, 4];
    expect(Math.ceil((rows * cols) / WORKGROUP)).toBeGreaterThan(limit);
    // Every entry observed: one SDDMM thread per entry, rows x cols of them.
    const ptr = Int32Array.from({ length: rows + 1 }, (_, b) => b * cols);
    const col = new Int32Array(rows * cols).map((_, k) => k % cols);
    const row = new Int32Array(rows * cols).map((_, k) => Math.floor(k / cols));
    const rng = makeRng(13);
    const x: CsrBlock = { rows, cols, ptr, col, row, val: Float32Array.from(col, () => 1 + Math.floor(rng() * 5)) };
    const seen = await dispatches(async () => {
      const h = tf.randomNormal([rows, H], 0, 1, 'float32', 3) as tf.Tensor2D;
      const w2t = tf.randomNormal([cols, H], 0, 1, 'float32', 4) as tf.Tensor2D;
      const b2 = tf.randomNormal([cols], 0, 1, 'float32', 5) as tf.Tensor1D;
      const sparse = sddmm(x, h, w2t, b2);
      const dense = tf.reshape(tf.add(tf.matMul(h, w2t, false, true), b2), [-1]); // row-major: entry k is (k / cols, k % cols)
      expect(await relDiff(sparse, dense)).toBeLessThan(TOL);
      tf.dispose([h, w2t, b2, sparse, dense]);
    });
    expect(seen.find((s) => s.name.startsWith('AutoRecSddmm'))?.dispatch[1], `dispatches: ${JSON.stringify(seen)}`).toBeGreaterThan(1);
  });
});

const config: TrainConfig = { ...D2L_DEFAULTS, hidden: 16, batchSize: 16, epochs: 3, learningRate: 0.01 };
const exact: TrainConfig = { ...config, dropout: 0, extraLayers: 1, encoder: 'elu', decoder: 'sigmoid', l2: 0.01 };

describe.skipIf(unavailable !== undefined)('the sparse path on webgpu', () => {
  it('gives the dense loss and every parameter gradient, step after step (Adam, 3 steps)', async () => {
    const data = tinyTrainData('I');
    const B = exact.batchSize;
    const models = [createParams(data.train.cols, exact, 1), createParams(data.train.cols, exact, 1)];
    const optimizers: tf.Optimizer[] = models.map(() => tf.train.adam(0.01));
    const order = Int32Array.from({ length: data.train.rows }, (_, r) => (r * 7) % data.train.rows);
    const capacity = longestRows(data.train.rowPtr, B);
    for (let step = 0; step < 3; step++) {
      const rows = order.subarray(step * B, step * B + B);
      const block = csrBlock(data.train, rows, capacity);
      const x = tf.tensor2d(densifyRows(data.train, rows, new Float32Array(B * data.train.cols)), [B, data.train.cols]);
      const vals = tf.tensor1d(block.val);
      const losses: ((p: AutoRecParams) => tf.Scalar)[] = [
        (p) => maskedSse(forward(p, x, exact), x),
        (p) => maskedSse(decodeAt(p, encodeSparse(p, block, exact), block, exact), vals),
      ];
      const [dense, sparse] = models.map((p, k) => tf.variableGrads(() => losses[k](p), paramList(p)));
      expect(await relDiff(sparse.value, dense.value), `step ${step + 1} loss`).toBeLessThan(TOL);
      for (const [k, v] of paramList(models[0]).entries()) {
        const name = paramList(models[1])[k].name;
        expect(await relDiff(sparse.grads[name], dense.grads[v.name]), `step ${step + 1} gradient of parameter ${k}`).toBeLessThan(TOL);
      }
      optimizers[0].applyGradients(dense.grads);
      optimizers[1].applyGradients(sparse.grads);
      tf.dispose([x, vals, dense.value, sparse.value, ...Object.values(dense.grads), ...Object.values(sparse.grads)]);
    }
    models.forEach(disposeParams);
    optimizers.forEach((o) => o.dispose());
  });

  it.each(OPTIMIZERS)('trains like the dense path epoch by epoch (%s)', async (optimizer) => {
    const data = tinyTrainData('I');
    const run = async (compute: TrainConfig['compute']) => {
      const t = new Trainer(data, { ...exact, optimizer, compute });
      const stats = [];
      for (let e = 0; e < 3; e++) stats.push(await t.trainEpoch());
      t.dispose();
      return stats;
    };
    const [dense, sparse] = [await run('dense'), await run('sparse')];
    for (let e = 0; e < 3; e++) {
      for (const k of ['trainLoss', 'trainRmse', 'testRmse', 'testMae'] as const) {
        expect(Math.abs(sparse[e][k] - dense[e][k]) / dense[e][k], `epoch ${e + 1} ${k}: dense ${dense[e][k]}, sparse ${sparse[e][k]}`).toBeLessThan(TOL);
      }
    }
  });

  it.each(['I', 'U'] as const)('%s-AutoRec predicts a user like the dense path', async (variant) => {
    const data = tinyTrainData(variant);
    const [a, b] = [new Trainer(data, { ...exact, variant }), new Trainer(data, { ...exact, variant, compute: 'sparse' })];
    await a.trainEpoch();
    await b.trainEpoch();
    const [pa, pb] = [await a.predictUser(2), await b.predictUser(2)];
    expect(await relDiff(tf.tensor1d(pb), tf.tensor1d(pa))).toBeLessThan(TOL);
    a.dispose();
    b.dispose();
  });

  it('reads back once per epoch and keeps tensors and GPU bytes flat (U-AutoRec, dropout on)', async () => {
    const backend = tf.backend() as WebGPUBackend;
    let reads = 0;
    const { read, readSync } = backend;
    backend.read = (id) => (reads++, read.call(backend, id));
    backend.readSync = (id) => (reads++, readSync.call(backend, id));
    const t = new Trainer(tinyTrainData('U'), { ...config, variant: 'U', compute: 'sparse' });
    const epochs = [];
    for (let e = 0; e < 4; e++) epochs.push(await t.trainEpoch());
    const predicted = await t.predictUser(2);
    t.dispose();
    Object.assign(backend, { read, readSync });
    expect(reads, 'one readback per epoch and one per prediction').toBe(5);
    expect(epochs[3].trainLoss).toBeLessThan(epochs[0].trainLoss);
    expect(predicted.every((v) => v >= 1 && v <= 5)).toBe(true);
    const after = epochs.slice(1);
    expect(new Set(after.map((s) => s.tensors)).size, `tensors per epoch: ${epochs.map((s) => s.tensors)}`).toBe(1);
    expect(new Set(after.map((s) => s.gpuBytes)).size, `GPU bytes per epoch: ${epochs.map((s) => s.gpuBytes)}`).toBe(1);
  });
});
