import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnNodeHelper } from '../../../scripts/node-threads';
import { makeRng } from '../../data/rng';
import { D2L_DEFAULTS, type TrainConfig } from '../config';
import { useKernelThreads } from '../sparse';
import { tinyTrainData } from '../testdata';
import { AutoRecTrainer } from '../trainer';
import { decode, jsKernels, kernels, wasmSimdKernels, type Kernels } from './kernels';
import { KERNELS_SHARED_MEMORY_WASM_BASE64 } from './kernels-wasm';
import { balancedRows, KernelThreads, MIN_SPLIT_WORK, splitRange, ThreadPool, type KernelExports } from './threads';

const rng = makeRng(11);
const floats = (n: number) => Float32Array.from({ length: n }, () => rng() * 2 - 1);
const ints = (n: number, below: number) => Int32Array.from({ length: n }, () => Math.floor(rng() * below));

it('splits output rows where the entries landing in them reach equal shares', () => {
  // rows 0..5; entries: row 0 x4, row 1 x1, row 3 x3, row 5 x4 (12 entries)
  const yi = Int32Array.from([0, 0, 0, 0, 1, 3, 3, 3, 5, 5, 5, 5]);
  expect(balancedRows(yi, 6, 2)).toEqual([[0, 4], [4, 2]]); // 8 then 4: the first row range to reach 6
  expect(balancedRows(yi, 6, 3)).toEqual([[0, 1], [1, 3], [4, 2]]);
  expect(balancedRows(yi, 6, 1)).toEqual([[0, 6]]);
  expect(balancedRows(new Int32Array(0), 3, 2)).toEqual([[0, 1], [1, 2]]);
});

it('splits a range into aligned parts, one per thread, covering it once', () => {
  expect(splitRange(500, 2, 4)).toEqual([[0, 252], [252, 248]]);
  expect(splitRange(10, 3)).toEqual([[0, 4], [4, 4], [8, 2]]);
  expect(splitRange(3, 4, 4)).toEqual([[0, 3]]);
  expect(splitRange(0, 2)).toEqual([]);
});

describe('scatter and dots on several threads are bit for bit those of one thread', () => {
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
      for (const threads of [2, 3, 4]) {
        const k = fresh();
        expect(await k.useThreads(threads, spawnNodeHelper)).toEqual({ threads, requested: threads });
        expect(k.scatter(rows, yi, a, x, xi, h)).toEqual(y1);
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
  const s = [0.01, 0.9, 0.1, 0.999, Math.fround(0.001), 0.19, 0.0299, 1e-7, -0.002];
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

it('a helper whose part traps makes the call throw instead of returning a half-written result', async () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const module = new WebAssembly.Module(decode(KERNELS_SHARED_MEMORY_WASM_BASE64));
  const e = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const two = await KernelThreads.start(e, memory, module, 2, spawnNodeHelper);
  try {
    // 2 entries (both in row 0: the memory's zeros as indices) into an output of 2 rows of 64 KiB: the helper's
    // row 1, zeroed first, lies past the memory's one 64 KiB page
    expect(() => two.scatter(2, 0, 8, 16, 8, 16, 1 << 14, 2, true)).toThrow(/kernel thread 1 failed|out of bounds/);
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
    const trainer = new AutoRecTrainer(tinyTrainData(config.variant), config);
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
