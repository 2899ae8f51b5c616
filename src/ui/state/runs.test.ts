import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from '../../config/settings';
import { applyPreset } from '../../config/preset-config';
import { keptOf } from './runs';
import { ep } from '../../testing/test-epochs';

it('keeps the kept epoch the worker chose', () => {
  const epochs = [ep(1, 2, 1.0, 1.1), ep(2, 1, 0.95, 1.0), ep(3, 0.5, 0.9, 1.05, { selectedEpoch: 2, selectedValidRmse: 1.0, selectedTestRmse: 0.95 })];
  expect(keptOf(epochs)).toEqual({ epoch: 2, validRmse: 1.0, testRmse: 0.95, byValidation: true });
  expect(keptOf([])).toBeUndefined();
});

it('keeps the test set and the validation share when a preset is applied', () => {
  const mine = { ...D2L_DEFAULTS, split: 'u2', testRatio: 0.2, validRatio: 0.15, splitSeed: 9, patience: 4, hidden: 20 };
  expect(applyPreset({ ...D2L_DEFAULTS, l2: 10, epochs: 50 }, mine)).toEqual({ ...D2L_DEFAULTS, l2: 10, epochs: 50, split: 'u2', testRatio: 0.2, validRatio: 0.15, splitSeed: 9 });
  expect(applyPreset({ ...D2L_DEFAULTS, patience: 5 }, { ...mine, validRatio: 0 }).patience).toBe(0); // patience needs validation
});
