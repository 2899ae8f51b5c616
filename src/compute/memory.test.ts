import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from '../config/settings';
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
  const host = 4 * 256 * 59_047 * 4; // the dense trainer's input rows and its training, test and validation target rows
  expect(dense.batch - sparse.batch).toBe(6 * 256 * 59_047 * 4 + host - 8 * 60_000 * 4);
  expect(sparse.largestBuffer).toBe(59_047 * 500 * 4);
});

it('counts the dense path\'s batch x inputs host rows on the JS heap, not against the backend; the sparse path has none', () => {
  const input = { inputDim: 162_541, compute: 'dense' as const, backend: 'wasm' as const };
  const dense = planMemory(D2L_DEFAULTS, input);
  expect(dense.host, 'input, training, test and validation rows, 166 MB each').toBe(4 * 256 * 162_541 * 4);
  expect(planMemory({ ...D2L_DEFAULTS, validRatio: 0 }, input).host, 'no validation share: three').toBe(3 * 256 * 162_541 * 4);
  expect(dense.total).toBe(dense.weights + dense.kept + dense.optimizer + dense.batch);
  expect(planMemory(D2L_DEFAULTS, { ...input, compute: 'sparse', maxBatchEntries: 100_000 }).host).toBe(0);
  // Only the backend's part is held against its memory: a plan over the limit with its host rows, under it without.
  const limitBytes = dense.total - dense.host / 2;
  expect(refusal({ ...dense, limitBytes }, D2L_DEFAULTS)).toBeUndefined();
  expect(refusal({ ...dense, limitBytes: dense.total - dense.host - 1 }, D2L_DEFAULTS)).toMatch(/needs about \d+ MiB, more than/);
});

// I-AutoRec at the MovieLens 10M and 25M shapes (users as inputs, hidden 500, batch 256, Adam, sparse). The
// batch entries are the 256 most-rated items of scripts/lib/shapes.ts's generated files (all ratings).
const ML10M = { inputDim: 69_878, compute: 'sparse' as const, maxBatchEntries: 2_748_182 };
const ML25M = { inputDim: 162_541, compute: 'sparse' as const, maxBatchEntries: 5_510_904 };
const MiB = 2 ** 20;

it('I-AutoRec at the ML-10M and ML-25M shapes fits the 4 GiB wasm heap, with these figures', () => {
  const m10 = planMemory(D2L_DEFAULTS, { ...ML10M, backend: 'wasm' });
  expect(m10.weights).toBe((2 * 69_878 * 500 + 69_878 + 500) * 4); // 267 MiB
  expect(Math.round(m10.total / MiB)).toBe(1553);
  expect(m10.largestBuffer).toBe(69_878 * 500 * 4); // 133 MiB
  expect(refusal(m10, D2L_DEFAULTS)).toBeUndefined();
  const m25 = planMemory(D2L_DEFAULTS, { ...ML25M, backend: 'wasm' });
  expect(Math.round(m25.total / MiB)).toBe(3583);
  expect(m25.total).toBeLessThan(WASM_HEAP_BYTES);
  expect(refusal(m25, D2L_DEFAULTS)).toBeUndefined();
  expect(m25.maxHidden).toBeUndefined();
  // 600 hidden units do not: refused with the figure and the most that fit.
  const wide = { ...D2L_DEFAULTS, hidden: 600 };
  expect(refusal(planMemory(wide, { ...ML25M, backend: 'wasm' }), wide)).toBe(
    'This configuration needs about 4266 MiB, more than the 4096 MiB this backend can hold; at most 575 hidden units fit. Try fewer hidden units, a smaller batch, or U-AutoRec (items as inputs) if it has fewer inputs.',
  );
});

it('on webgpu, I-AutoRec at ML-10M and ML-25M is refused at the 128 MiB default buffer limit with the exact figure, and fits 1 GiB', () => {
  const at = (input: typeof ML10M, maxBufferBytes: number) => refusal(planMemory(D2L_DEFAULTS, { ...input, backend: 'webgpu', maxBufferBytes }), D2L_DEFAULTS);
  expect(at(ML10M, 128 * MiB)).toBe(
    "This configuration needs a 133 MiB buffer, over this GPU's 128 MiB limit per buffer (a weight matrix, 69,878 inputs x 500 hidden units x 4 bytes); at most 480 hidden units fit. Try fewer hidden units, or U-AutoRec (items as inputs) if it has fewer inputs.",
  );
  expect(at(ML25M, 128 * MiB)).toBe(
    "This configuration needs a 310 MiB buffer, over this GPU's 128 MiB limit per buffer (a weight matrix, 162,541 inputs x 500 hidden units x 4 bytes); at most 206 hidden units fit. Try fewer hidden units, or U-AutoRec (items as inputs) if it has fewer inputs.",
  );
  // 480 and 206 hidden units do fit; one more does not.
  for (const [input, h] of [[ML10M, 480], [ML25M, 206]] as const) {
    expect(refusal(planMemory({ ...D2L_DEFAULTS, hidden: h }, { ...input, backend: 'webgpu', maxBufferBytes: 128 * MiB }), D2L_DEFAULTS)).toBeUndefined();
    expect(refusal(planMemory({ ...D2L_DEFAULTS, hidden: h + 1 }, { ...input, backend: 'webgpu', maxBufferBytes: 128 * MiB }), D2L_DEFAULTS)).toMatch(/over this GPU's 128 MiB limit/);
  }
  expect(at(ML10M, 1024 * MiB)).toBeUndefined();
  expect(at(ML25M, 1024 * MiB)).toBeUndefined();
});

it('a dense batch block over the buffer limit is no matter of hidden units', () => {
  const plan = planMemory({ ...D2L_DEFAULTS, hidden: 10 }, { inputDim: 162_541, compute: 'dense', backend: 'webgpu', maxBufferBytes: 128 * MiB });
  expect(plan.maxHidden).toBe(0);
  expect(refusal(plan, { ...D2L_DEFAULTS, hidden: 10 })).toMatch(/159 MiB buffer.*\(a dense batch block, 256 rows x 162,541 inputs x 4 bytes\); no number of hidden units fits\. Try a smaller batch, the sparse path/);
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

it("plans AutoRec+: kernel vectors, per-member weights, the global stage's convolved rows; ML-10M I-AutoRec+ fits wasm (not with the global stage), ML-25M's is refused with the figure", () => {
  const plus = { ...D2L_DEFAULTS, model: 'plus' as const, extraLayers: 1, kernelDim: 5, kernelL2: 0.01 };
  const input = { inputDim: 943, compute: 'sparse' as const, maxBatchEntries: 60_000, rows: 1682 };
  const one = planMemory(plus, input);
  const autorec = planMemory({ ...D2L_DEFAULTS, extraLayers: 1 }, input);
  expect(one.weights - autorec.weights, 'kernel vectors of 3 layers, global kernel weights and averages').toBe((5 * (2 * (943 + 500) + 2 * 500) + 10 * 1682) * 4);
  expect(planMemory({ ...plus, members: 3 }, input).weights).toBe(3 * one.weights);
  const global = planMemory({ ...plus, globalEpochs: 5 }, input);
  expect(global.host, 'nine shifted copies of each batch row\'s neighbourhood, on the host').toBe(9 * 256 * 943 * 4);
  // ML-10M (69,878 users x 10,677 items) and ML-25M (162,541 x 59,047) I-AutoRec+ on wasm's 4 GiB
  // (a batch's entries: about the sum of the 256 most rated items' ratings)
  const big = (c: typeof plus, users: number, items: number, entries: number) => refusal(planMemory(c, { inputDim: users, compute: 'sparse', maxBatchEntries: entries, rows: items, backend: 'wasm' }), c);
  expect(big(plus, 69_878, 10_677, 3_000_000)).toBeUndefined();
  const withGlobal = { ...plus, globalEpochs: 5, epochs: 30 };
  expect(big(withGlobal, 69_878, 10_677, 3_000_000)).toMatch(/more than the 4096 MiB this backend can hold; at most \d+ hidden units fit. Try no global-kernel epochs, fewer hidden units/);
  expect(big(plus, 162_541, 59_047, 8_000_000)).toMatch(/needs about \d+ MiB, more than the 4096 MiB this backend can hold; at most \d+ hidden units fit. Try fewer hidden units/);
});
