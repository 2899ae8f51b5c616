import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from '../../../config/settings';
import { DEFAULT_TUNE } from '../../../config/tune-options';
import type { TrialResult } from '../../../config/tune-results';
import { ep } from '../../../testing/test-epochs';
import { runningText } from './tune-progress';

const trial = (id: number, ms: number) => ({ id, ms }) as TrialResult;
// epochs of 500 ms (test-epochs' ep), validation RMSE falling then rising
const epochs = (n: number) => Array.from({ length: n }, (_, k) => ep(k + 1, 1, NaN, [0.95, 0.93, 0.92, 0.925][k] ?? 0.93));

it('a recipe says which member of how many trains, its epoch and best validation, and the most time left', () => {
  const base = { ...D2L_DEFAULTS, validRatio: 0.05 };
  const options = { ...DEFAULT_TUNE, maxEpochs: 40 };
  // member 1 done (10 epochs), member 2 at epoch 4 of at most 40; members 3-5 at most 40 each: 36 + 120 = 156 epochs
  const s = { trials: [trial(1, 5000)], current: { id: 2, values: {}, config: base }, epochs: { 1: epochs(10), 2: epochs(4) }, recipe: 'plus', base, options };
  expect(runningText(s)).toBe(
    'Tuning: 1 of 5 members done, member 2 of 5 training, epoch 4, best validation RMSE 0.9200 so far (7.0 s of training so far); at most 1.3 min left (156 epochs; early stopping usually ends sooner).',
  );
});

it('a search says which trial of how many, and the budget left: its minutes, or its remaining trials at their mean time', () => {
  const base = D2L_DEFAULTS;
  const current = { id: 3, values: {}, config: base };
  const s = { trials: [trial(1, 6000), trial(2, 4000)], current, epochs: { 3: epochs(2) }, base, options: { ...DEFAULT_TUNE, minutes: 1, trials: 0 } };
  expect(runningText(s)).toBe('Tuning: 2 trials done, trial 3 training, epoch 2, best validation RMSE 0.9300 so far (11.0 s of training so far); about 49.0 s of the 1-minute budget left.');
  expect(runningText({ ...s, options: { ...DEFAULT_TUNE, minutes: 0, trials: 6 } })).toBe(
    'Tuning: 2 trials done, trial 3 of 6 training, epoch 2, best validation RMSE 0.9300 so far (11.0 s of training so far); about 20.0 s left.',
  );
  expect(runningText({ trials: [], epochs: {} })).toBe('Tuning: 0 trials done (0.0 s of training so far).');
});
