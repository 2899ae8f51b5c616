import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from './config';
import { longestRows, planMemory, refusal, WASM_HEAP_BYTES } from './memory';

it('counts weights of both layers and Adam state', () => {
  const plan = planMemory(D2L_DEFAULTS, { inputDim: 943, compute: 'dense' });
  expect(plan.weights).toBe((2 * 943 * 500 + 943 + 500) * 4);
  expect(plan.optimizer).toBe(2 * plan.weights);
  expect(plan.kept, 'the kept epoch holds a second set of weights').toBe(plan.weights);
  expect(plan.total).toBe(plan.weights + plan.kept + plan.optimizer + plan.batch);
  expect(plan.largestBuffer).toBe(943 * 500 * 4);
  expect(refusal({ ...plan, maxBufferBytes: 128 * 2 ** 20 }, D2L_DEFAULTS)).toBeUndefined();
});

it('refuses an ML-25M-sized I-AutoRec on a 128 MiB buffer limit and suggests U-AutoRec', () => {
  const plan = planMemory(D2L_DEFAULTS, { inputDim: 162_541, compute: 'dense', maxBufferBytes: 128 * 2 ** 20 });
  const msg = refusal(plan, D2L_DEFAULTS);
  expect(msg).toMatch(/310 MiB buffer, over this GPU's 128 MiB limit/);
  expect(msg).toMatch(/U-AutoRec/);
});

it('sizes sparse batches by their entries, not batch x inputs', () => {
  const dense = planMemory(D2L_DEFAULTS, { inputDim: 59_047, compute: 'dense' });
  const sparse = planMemory(D2L_DEFAULTS, { inputDim: 59_047, compute: 'sparse', maxBatchEntries: 60_000 });
  expect(dense.batch - sparse.batch).toBe(6 * 256 * 59_047 * 4 - 8 * 60_000 * 4);
  expect(sparse.largestBuffer).toBe(59_047 * 500 * 4);
});

it('on wasm: ML-25M-shaped U-AutoRec fits the 4 GiB heap, 2500 hidden units do not', () => {
  const input = { inputDim: 59_047, compute: 'sparse' as const, maxBatchEntries: 100_000, backend: 'wasm' as const };
  const plan = planMemory(D2L_DEFAULTS, input);
  expect(plan.limitBytes).toBe(WASM_HEAP_BYTES);
  expect(plan.total).toBeLessThan(WASM_HEAP_BYTES / 2);
  expect(refusal(plan, D2L_DEFAULTS)).toBeUndefined();
  const big = { ...D2L_DEFAULTS, hidden: 2500, variant: 'U' as const };
  expect(refusal(planMemory(big, input), big)).toMatch(/more than the 4096 MiB this backend can hold.*I-AutoRec/);
});

it('finds the most entries a batch can hold', () => {
  expect(longestRows(Int32Array.of(0, 3, 3, 10, 12), 2)).toBe(7 + 3);
  expect(longestRows(Int32Array.of(0, 1), 5)).toBe(1);
});
