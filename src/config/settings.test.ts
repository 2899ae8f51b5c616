import { expect, it } from 'vitest';
import { PRESETS } from './presets';
import { assertConfig, D2L_DEFAULTS, SETTING_KEYS, SETTINGS, validateConfig } from './settings';

const errors = (input: Record<string, unknown>) => {
  const v = validateConfig(input);
  return v.ok ? [] : v.errors;
};

it('accepts the defaults and every preset', () => {
  expect(validateConfig(D2L_DEFAULTS)).toEqual({ ok: true, config: D2L_DEFAULTS });
  for (const p of Object.values(PRESETS)) expect(validateConfig(p.config).ok, p.name).toBe(true);
});

it.each([
  [{ batchSize: 0 }, /batch size must be at least 1/],
  [{ batchSize: '0' }, /batch size must be at least 1/],
  [{ hidden: -5 }, /hidden units must be at least 1/],
  [{ hidden: 2.5 }, /hidden units must be a whole number/],
  [{ dropout: 1 }, /dropout must be at least 0 and below 1/],
  [{ testRatio: 0.99 }, /test share must be at least 0.01 and at most 0.9/],
  [{ learningRate: 0 }, /learning rate must be above 0/],
  [{ learningRate: NaN }, /learning rate must be a number/],
  [{ learningRate: 'abc' }, /learning rate must be a number, not "abc"/],
  [{ epochs: Infinity }, /epochs must be finite/],
  [{ validRatio: -0.1 }, /validation share must be at least 0/],
  [{ variant: 'X' }, /variant must be one of I, U/],
  [{ split: 'u9' }, /split must be random, file, u1..u5, ua or ub/],
  [{ patience: 3, validRatio: 0 }, /patience .* needs a validation share/],
])('refuses %j with a message', (input, message) => {
  const e = errors(input);
  expect(e).toHaveLength(1);
  expect(e[0]).toMatch(message);
});

it('reads numbers given as strings (URL, command line) and reports every bad value at once', () => {
  expect(validateConfig({ hidden: '64', learningRate: '1e-3' })).toEqual({ ok: true, config: { ...D2L_DEFAULTS, hidden: 64, learningRate: 0.001 } });
  expect(errors({ hidden: 0, batchSize: -1, dropout: 2 })).toHaveLength(3);
  expect(() => assertConfig({ ...D2L_DEFAULTS, batchSize: 0 })).toThrow(/Bad settings: batch size must be at least 1/);
});

it('model plus brings AutoRec+ settings unless given; AutoRec+ switches on AutoRec are refused with the reason', () => {
  const plus = validateConfig({ model: 'plus' });
  expect(plus.ok && plus.config).toMatchObject({ model: 'plus', kernelDim: 5, extraLayers: 1, members: 1, patience: 20 });
  const given = validateConfig({ model: 'plus', hidden: '200', kernelDim: '0' });
  expect(given.ok && given.config).toMatchObject({ hidden: 200, kernelDim: 0, extraLayers: 1 });
  const noValid = validateConfig({ model: 'plus' }, { ...D2L_DEFAULTS, validRatio: 0 });
  expect(noValid.ok && noValid.config.patience, 'no validation share: no early stopping').toBe(0);
  expect(validateConfig({ kernelDim: 5, members: 2 })).toEqual({ ok: false, errors: ['kernel dimensions, ensemble members: AutoRec+ settings; choose model plus to use them'] });
  expect(validateConfig({ model: 'plus', epochs: 10, globalEpochs: 10 })).toEqual({ ok: false, errors: ['global-kernel epochs (10) must leave pre-training epochs: fewer than the epochs (10)'] });
});

it('gives every setting its own URL key and flag', () => {
  for (const key of ['url', 'flag'] as const) expect(new Set(SETTING_KEYS.map((k) => SETTINGS[k][key])).size, key).toBe(SETTING_KEYS.length);
});
