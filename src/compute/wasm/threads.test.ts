import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnNodeHelper } from './node-threads';
import { makeRng } from '../../data/rng';
import type { TrainConfig } from '../../config/config';
import { D2L_DEFAULTS } from '../../config/settings';
import { useKernelThreads } from '../sparse';
import { tinyTrainData } from '../../testing/trainers';
import { Trainer } from '../../train/trainer';
import { decode, jsKernels, kernels, wasmSimdKernels, type Kernels } from './cpu-kernels';
import { KERNELS_SHARED_MEMORY_WASM_BASE64 } from './kernels-binary';
import { MAX_PARTS } from './control-block';
import { balancedPtr, MIN_SPLIT_WORK, splitRange } from './parts';
import { ThreadPool } from './thread-pool';
import { KernelThreads, type KernelExports } from './threads';

const rng = makeRng(11);
const floats = (n: number) => Float32Array.from({ length: n }, () => rng() * 2 - 1);
const ints = (n: number, below: number) => Int32Array.from({ length: n }, () => Math.floor(rng() * below));

it('splits output rows where their entries plus one per row reach equal shares, never an empty part', () => {
  // rows 0..5; entries: row 0 x4, row 1 x1, row 3 x3, row 5 x4 (12 entries, 18 with one per row)
  const ptr = Int32Array.from([0, 4, 5, 5, 8, 8, 12]);
  expect(balancedPtr(ptr, 6, 2)).toEqual([[0, 4], [4, 2]]); // 12 (rows 0-3: 8 entries + 4) then 6
  expect(balancedPtr(ptr, 6, 3)).toEqual([[0, 2], [2, 2], [4, 2]]); // 7, 5, 6: each the first range to reach its share
  expect(balancedPtr(ptr, 6, 1)).toEqual([[0, 6]]);
  expect(balancedPtr(ptr, 6, 20)).toEqual([[0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1]]);
  expect(balancedPtr(new Int32Array(4), 3, 2)).toEqual([[0, 2], [2, 1]]);
  // a pointer array that starts past 0 (a slice of a larger one)
  expect(balancedPtr(Int32Array.from([10, 14, 15, 15, 18, 18, 22]), 6, 2)).toEqual([[0, 4], [4, 2]]);
});

it('splits a range into aligned parts, one per thread, covering it once', () => {
  expect(splitRange(500, 2, 4)).toEqual([[0, 252], [252, 248]]);
  expect(splitRange(10, 3)).toEqual([[0, 4], [4, 4], [8, 2]]);
  expect(splitRange(3, 4, 4)).toEqual([[0, 3]]);
  expect(splitRange(0, 2)).toEqual([]);
});

describe('rowsum, scatter and dots on several threads are bit for bit those of one thread', () => {
  const made: Kernels[] = [];
  const fresh = () => {
    const k = wasmSimdKernels();
    made.push(k);
    return k;
  };
  afterAll(async () => {
    for (const k of made) await k.useThreads(1, undefined);
  });
  // Row lengths that leave the column split uneven, tails of the SIMD loops, and work above the split threshold.
  for (const [h, n] of [[500, 600], [37, 4000], [64, 2000]] as const) {
    it(`rows of ${h}, ${n} entries, 2, 3 and 4 threads`, async () => {
      expect(n * h).toBeGreaterThanOrEqual(MIN_SPLIT_WORK);
      const [rows, xRows] = [50, 70];
      const [x, a, xi, yi, p] = [floats(xRows * h), floats(n), ints(n, xRows), ints(n, rows), floats(rows * h)];
      const one = fresh();
      const y1 = one.scatter(rows, yi, a, x, xi, h);
      const d1 = one.dots(p, yi, x, xi, h);
      const yJs = jsKernels.scatter(rows, yi, a, x, xi, h);
      y1.forEach((v, k) => expect(Math.abs(v - yJs[k])).toBeLessThan(1e-4));
      // the same sums with the entries already in row order (no order array): rows 0..rows-1 of a sorted copy
      const sorted = [...yi.keys()].sort((i, j) => yi[i] - yi[j] || i - j);
      const ptr = new Int32Array(rows + 1);
      for (const r of yi) ptr[r + 1]++;
      for (let r = 0; r < rows; r++) ptr[r + 1] += ptr[r];
      const [aS, xiS] = [Float32Array.from(sorted, (k) => a[k]), Int32Array.from(sorted, (k) => xi[k])];
      expect(one.rowsum(rows, ptr, undefined, aS, x, xiS, h)).toEqual(y1);
      for (const threads of [2, 3, 4]) {
        const k = fresh();
        expect(await k.useThreads(threads, spawnNodeHelper)).toEqual({ threads, requested: threads });
        expect(k.scatter(rows, yi, a, x, xi, h)).toEqual(y1);
        expect(k.rowsum(rows, ptr, undefined, aS, x, xiS, h)).toEqual(y1);
        expect(k.dots(p, yi, x, xi, h)).toEqual(d1);
      }
    });
  }
});

it('Adam on several threads is bit for bit Adam on one', async () => {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
  const module = new WebAssembly.Module(decode(KERNELS_SHARED_MEMORY_WASM_BASE64));
  const e = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const n = 50_003; // not a multiple of 4: a scalar tail in the last part
  const f32 = (at: number) => new Float32Array(memory.buffer, at, n);
  const [w, g, m, v, out1, outN] = [0, 1, 2, 3, 4, 5].map((i) => i * 4 * 50_016);
  const init = () => {
    const r = makeRng(3);
    for (const at of [w, g, m, v]) f32(at).set(Float32Array.from({ length: n }, () => (at === v ? r() : r() * 2 - 1)));
  };
  const s = { l2: 0.01, b1: 0.9, omb1: 0.1, b2: 0.999, omb2: Math.fround(0.001), oma1: 0.19, oma2: 0.0299, eps: 1e-7, nlr: -0.002, lazy: 0 };
  init();
  KernelThreads.single(e).adam(n, w, out1, g, m, v, s);
  const [m1, v1] = [f32(m).slice(), f32(v).slice()];
  init();
  const three = await KernelThreads.start(e, memory, module, 3, spawnNodeHelper);
  try {
    three.adam(n, w, outN, g, m, v, s);
  } finally {
    three.close();
  }
  expect(f32(outN).slice()).toEqual(f32(out1).slice());
  expect(f32(m).slice()).toEqual(m1);
  expect(f32(v).slice()).toEqual(v1);
});

it('the fused layer\'s kernels (rowsum with bias and sigmoid, actgrad with a dropout mask, colsum, dropout of x) on 3 threads are bit for bit one thread\'s', async () => {
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
  const module = new WebAssembly.Module(decode(KERNELS_SHARED_MEMORY_WASM_BASE64));
  const e = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const [rows, h, xRows, n] = [300, 203, 90, 9000]; // h: the 32-, 4- and 1-column paths; work above the split threshold
  const r = makeRng(5);
  let top = 0;
  const put = (a: Float32Array | Int32Array) => {
    const at = top;
    (a instanceof Float32Array ? new Float32Array(memory.buffer, at, a.length) : new Int32Array(memory.buffer, at, a.length)).set(a as never);
    top += 4 * a.length + 64;
    return at;
  };
  const yi = Int32Array.from({ length: n }, () => Math.floor(r() * rows)).sort();
  const ptr = new Int32Array(rows + 1);
  for (const y of yi) ptr[y + 1]++;
  for (let k = 0; k < rows; k++) ptr[k + 1] += ptr[k];
  const at = {
    ptr: put(ptr),
    a: put(Float32Array.from({ length: n }, () => r() * 2 - 1)),
    xi: put(Int32Array.from({ length: n }, () => Math.floor(r() * xRows))),
    x: put(Float32Array.from({ length: xRows * h }, () => r() - 0.5)),
    b: put(Float32Array.from({ length: h }, () => r() - 0.5)),
    dy: put(Float32Array.from({ length: rows * h }, () => r() * 2 - 1)),
  };
  const out = () => put(new Float32Array(rows * h));
  const mask = { seed: 77, threshold: 0x40000000, scale: Math.fround(4 / 3) };
  const runAll = (k: KernelThreads) => {
    const [y, g, s, d] = [out(), out(), out(), out()];
    k.rowsum(rows, at.ptr, undefined, at.a, at.xi, at.x, h, y, { mode: 2, b: at.b });
    k.actgrad(rows * h, at.dy, y, g, 1, mask);
    k.colsum(g, rows, h, s);
    k.dropout(d, rows * h, mask.seed, mask.threshold, mask.scale, y);
    return [y, g, d].map((p) => new Float32Array(memory.buffer, p, rows * h).slice()).concat([new Float32Array(memory.buffer, s, h).slice()]);
  };
  const one = runAll(KernelThreads.single(e));
  expect(one[0].every((v) => v > 0 && v < 1), 'sigmoid outputs').toBe(true);
  expect(one[2].filter((v) => v === 0).length / (rows * h)).toBeCloseTo(0.25, 1); // the mask drops a quarter
  const three = await KernelThreads.start(e, memory, module, 3, spawnNodeHelper);
  try {
    const many = runAll(three);
    for (let i = 0; i < 4; i++) expect(many[i]).toEqual(one[i]);
  } finally {
    three.close();
  }
});

it('a helper whose part traps makes the call throw instead of returning a half-written result', async () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const module = new WebAssembly.Module(decode(KERNELS_SHARED_MEMORY_WASM_BASE64));
  const e = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const two = await KernelThreads.start(e, memory, module, 2, spawnNodeHelper);
  try {
    // MAX_PARTS output rows of 64 KiB each, no entries (row pointers: the memory's zeros): every row but the
    // first lies past the memory's one 64 KiB page, so whichever thread writes one traps
    expect(() => two.rowsum(MAX_PARTS, 0, undefined, 0, 0, 0, 1 << 14, 0)).toThrow(/kernel thread 1 failed|out of bounds/);
  } finally {
    two.close();
  }
});

it('stays on one thread, and says why, where the memory is not shared', async () => {
  const module = new WebAssembly.Module(decode(KERNELS_SHARED_MEMORY_WASM_BASE64));
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const e = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const pool = new ThreadPool(e, 'tfjs-wasm runs its single-threaded build here (its heap is not shared)');
  expect(await pool.use(4, spawnNodeHelper)).toEqual({ threads: 1, requested: 4, note: 'tfjs-wasm runs its single-threaded build here (its heap is not shared)' });
  expect(pool.kernels.count).toBe(1);
  expect(await new ThreadPool(e, { memory, module }).use(2, undefined)).toMatchObject({ threads: 1, note: 'no way to start threads here' });
});

// The trainer on the cpu backend: its sparse kernels run in their own shared memory, split over threads.
it('a run on 2 and 3 threads has the very loss curve of a run on 1 (cpu backend, sparse, I and U)', async () => {
  await tf.setBackend('cpu');
  const curve = async (config: TrainConfig, threads: number) => {
    expect(await useKernelThreads(threads, spawnNodeHelper)).toEqual({ threads, requested: threads });
    const trainer = new Trainer(tinyTrainData(config.variant), config);
    const out: number[] = [];
    try {
      for (let e = 0; e < 3; e++) {
        const s = await trainer.trainEpoch();
        out.push(s.trainLoss, s.trainRmse, s.testRmse);
      }
    } finally {
      trainer.dispose();
    }
    return out;
  };
  try {
    for (const variant of ['I', 'U'] as const) {
      // wide enough that the calls are split (MIN_SPLIT_WORK)
      const config: TrainConfig = { ...D2L_DEFAULTS, variant, hidden: 512, batchSize: 64, compute: 'sparse', dropout: 0.2 };
      const one = await curve(config, 1);
      expect(await curve(config, 2)).toEqual(one);
      expect(await curve(config, 3)).toEqual(one);
    }
  } finally {
    await kernels().useThreads(1, undefined);
  }
});
