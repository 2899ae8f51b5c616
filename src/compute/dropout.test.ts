import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect, it } from 'vitest';
import { spawnNodeHelper } from './wasm/node-threads';
import { dropoutMask, maskParams, maskValues } from './dropout';
import { decode } from './wasm/cpu-kernels';
import { KERNELS_SHARED_MEMORY_WASM_BASE64 } from './wasm/kernels-binary';
import { KernelThreads, type KernelExports } from './wasm/threads';

it('keeps a share 1 - rate of units, each at 1 / (1 - rate), and a seed gives one mask', () => {
  for (const rate of [0.05, 0.3, 0.5]) {
    const m = maskValues(200_000, maskParams(rate, 42));
    const kept = m.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / (1 - rate))]));
    expect(Math.abs(kept.length / m.length - (1 - rate))).toBeLessThan(0.005); // sd about 0.001
  }
  expect(maskValues(1000, maskParams(0, 7)).every((v) => v === 1)).toBe(true);
  expect(maskValues(5000, maskParams(0.3, 1))).toEqual(maskValues(5000, maskParams(0.3, 1)));
  const [a, b] = [maskValues(5000, maskParams(0.3, 1)), maskValues(5000, maskParams(0.3, 2))];
  expect(a.filter((v, i) => v !== b[i]).length, 'another seed, another mask').toBeGreaterThan(1000);
  // neighbouring elements are not correlated: kept-then-kept as often as independence says
  const pairs = a.slice(1).filter((v, i) => v !== 0 && a[i] !== 0).length / (a.length - 1);
  expect(Math.abs(pairs - 0.7 * 0.7)).toBeLessThan(0.03);
});

it('the wasm kernel draws the very mask the JavaScript draws (cpu and wasm backends agree)', async () => {
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const t = dropoutMask(37, 501, 0.25, 12345);
    expect(t.shape).toEqual([37, 501]);
    expect(await t.data()).toEqual(maskValues(37 * 501, maskParams(0.25, 12345)));
    t.dispose();
  }
});

it('the mask split over 3 threads is the mask of one', async () => {
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
  const module = new WebAssembly.Module(decode(KERNELS_SHARED_MEMORY_WASM_BASE64));
  const e = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const n = 100_003;
  const p = maskParams(0.4, 99);
  const three = await KernelThreads.start(e, memory, module, 3, spawnNodeHelper);
  try {
    three.dropout(0, n, p.seed, p.threshold, p.scale);
  } finally {
    three.close();
  }
  expect(new Float32Array(memory.buffer, 0, n).slice()).toEqual(maskValues(n, p));
});

it('the kernel applies the mask to x from any element on (its 4-lane body and its 1-lane tail): x times the JavaScript mask', () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const e = new WebAssembly.Instance(new WebAssembly.Module(decode(KERNELS_SHARED_MEMORY_WASM_BASE64)), { env: { memory } }).exports as unknown as KernelExports;
  const [n, first] = [1003, 77]; // n % 4 = 3: three elements in the tail
  const p = maskParams(0.3, 2024);
  const x = Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i) * 3));
  new Float32Array(memory.buffer, 0, n).set(x);
  const out = 8192;
  e.dropout(out, n, first, p.seed, p.threshold, p.scale, 0, 1);
  const mask = maskValues(n, p, first);
  expect(new Float32Array(memory.buffer, out, n).slice()).toEqual(x.map((v, i) => Math.fround(v * mask[i])));
  expect(mask.filter((v) => v === 0).length, 'the mask drops some').toBeGreaterThan(200);
});
