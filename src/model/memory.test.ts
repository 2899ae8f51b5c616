import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from './config';
import { planMemory, refusal } from './memory';

it('counts weights of both layers and Adam state', () => {
  const plan = planMemory(943, D2L_DEFAULTS);
  expect(plan.weights).toBe((2 * 943 * 500 + 943 + 500) * 4);
  expect(plan.optimizer).toBe(2 * plan.weights);
  expect(plan.largestBuffer).toBe(943 * 500 * 4);
  expect(refusal(plan, D2L_DEFAULTS, { maxBufferBytes: 128 * 2 ** 20 })).toBeUndefined();
});

it('refuses an ML-25M-sized I-AutoRec on a 128 MiB buffer limit and suggests U-AutoRec', () => {
  const plan = planMemory(162_541, D2L_DEFAULTS);
  const msg = refusal(plan, D2L_DEFAULTS, { maxBufferBytes: 128 * 2 ** 20 });
  expect(msg).toMatch(/310 MiB buffer, over this GPU's 128 MiB limit/);
  expect(msg).toMatch(/U-AutoRec/);
});
