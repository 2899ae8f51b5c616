import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { largestSum, longestRows, WASM_HEAP_BYTES } from '../compute/memory';
import { planRun, sortedRowCounts, splitCounts } from './plan';
import { setupRun } from './setup-run';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const demo = generateDemo({ users: 80, items: 60, ratings: 1500, seed: 5 });

it('sums the longest rows like longestRows does on a CSR matrix', () => {
  const counts = sortedRowCounts(demo.ratings, demo.numItems, true);
  expect(counts).toHaveLength(60);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(demo.ratings.ratings.length);
  const rowPtr = new Int32Array(counts.length + 1);
  counts.forEach((c, k) => (rowPtr[k + 1] = rowPtr[k] + c));
  for (const n of [1, 7, 32, 100]) expect(largestSum(counts, n)).toBe(longestRows(rowPtr, n));
});

for (const variant of ['I', 'U'] as const) {
  for (const compute of ['dense', 'sparse'] as const) {
    it(`plans what setupRun finds (${variant}-AutoRec, ${compute}); sparse batches as an upper bound`, () => {
      const config: TrainConfig = { ...D2L_DEFAULTS, variant, compute, hidden: 24, batchSize: 32 };
      const plan = planRun(demo, config, { backend: 'wasm' });
      const setup = setupRun(demo, config, { backend: 'wasm' });
      setup.trainer.dispose();
      expect(plan.refusal).toBeUndefined();
      expect(plan.compute).toBe(setup.compute);
      expect(plan.inputDim).toBe(variant === 'I' ? demo.numUsers : demo.numItems);
      const m = plan.memory!;
      expect(m.weights).toBe(setup.memory.weights);
      expect(m.largestBuffer).toBe(setup.memory.largestBuffer);
      expect(m.limitBytes).toBe(WASM_HEAP_BYTES);
      if (compute === 'dense') expect(m.total).toBe(setup.memory.total);
      else expect(m.total).toBeGreaterThanOrEqual(setup.memory.total);
    });
  }
}

it('refuses before Start what setupRun would refuse, with the same reason', () => {
  const big: TrainConfig = { ...D2L_DEFAULTS, hidden: 10_000, extraLayers: 8 };
  const plan = planRun(demo, big, { backend: 'wasm' });
  expect(plan.refusal).toMatch(/more than the 4096 MiB this backend can hold/);
  expect(() => setupRun(demo, big, { backend: 'wasm' })).toThrow(plan.refusal);
  const buffer = planRun(demo, { ...D2L_DEFAULTS, hidden: 1000 }, { backend: 'webgpu', maxBufferBytes: 64 * 1024 });
  expect(buffer.refusal).toMatch(/over this GPU's 0 MiB limit per buffer/);
});

it('says why settings cannot run: a bad value, a compute path the backend lacks', () => {
  expect(planRun(demo, { ...D2L_DEFAULTS, batchSize: 0 }, { backend: 'wasm' }).refusal).toMatch(/batch size must be at least 1/);
  const webgl = planRun(demo, { ...D2L_DEFAULTS, compute: 'sparse' }, { backend: 'webgl' });
  expect(webgl.refusal).toMatch(/webgl has no sparse kernels/);
  expect(webgl.memory).toBeUndefined();
  expect(planRun(demo, D2L_DEFAULTS, { backend: 'webgl' }).compute).toBe('dense');
});

it('before Start, I-AutoRec at the ML-25M shape is refused on a 128 MiB GPU buffer limit with the figure, planned on wasm', () => {
  // The shape only (users, items) decides the weight buffers; a few ratings stand in for the 25M.
  const n = 1000;
  const shape = { numUsers: 162_541, numItems: 59_047, ratings: { users: Int32Array.from({ length: n }, (_, k) => k * 97), items: Int32Array.from({ length: n }, (_, k) => k * 31), ratings: new Float32Array(n).fill(4) } };
  const gpu = planRun(shape, D2L_DEFAULTS, { backend: 'webgpu', maxBufferBytes: 128 * 2 ** 20 });
  expect(gpu.compute).toBe('sparse');
  expect(gpu.inputDim).toBe(162_541);
  expect(gpu.refusal).toBe(
    "This configuration needs a 310 MiB buffer, over this GPU's 128 MiB limit per buffer (a weight matrix, 162,541 inputs x 500 hidden units x 4 bytes); at most 206 hidden units fit. Try fewer hidden units, or U-AutoRec (items as inputs) if it has fewer inputs.",
  );
  const wasm = planRun(shape, D2L_DEFAULTS, { backend: 'wasm' });
  expect(wasm.refusal).toBeUndefined();
  expect(wasm.memory!.host, 'the sparse path holds no batch x inputs rows').toBe(0);
});

it("counts the split a run makes, before Start, and splits again only when the split settings change", () => {
  const config: TrainConfig = { ...D2L_DEFAULTS, hidden: 24, batchSize: 32, validRatio: 0.1, testRatio: 0.2, splitSeed: 3 };
  const counts = splitCounts(demo, config);
  const setup = setupRun(demo, config, { backend: 'wasm' });
  expect(counts).toEqual({ train: setup.trainRatings, valid: setup.validRatings, test: setup.testRatings, overlapRemoved: 0 });
  const moved: TrainConfig = { ...config, learningRate: 0.01, hidden: 8 };
  expect(splitCounts(demo, moved)).toBe(counts);
  const reseeded = splitCounts(demo, { ...config, splitSeed: 4 });
  expect(reseeded).not.toBe(counts);
  expect(reseeded.train + reseeded.valid + reseeded.test).toBe(demo.ratings.ratings.length);
  // a given split (a preset, a test file): its test set as given, the test share unused
  const given = { train: demo.ratings, test: setup.split.test };
  const withFile = splitCounts(demo, config, given);
  expect(withFile.test).toBe(setup.testRatings);
  expect(withFile.overlapRemoved).toBe(setup.testRatings);
  expect(splitCounts(demo, { ...config, testRatio: 0.4 }, given)).toBe(withFile);
});
