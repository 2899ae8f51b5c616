import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from '../../config/settings';
import { runSettings } from './run-export';
import { learningRateChanges, runLabel } from './run-label';
import { ep } from '../../testing/test-epochs';

it('finds each live learning-rate change: the first epoch whose rate differs from the one before', () => {
  const lr = (epoch: number, learningRate: number) => ep(epoch, 1, 1, NaN, { learningRate });
  const epochs = [lr(1, 0.002), lr(2, 0.002), lr(3, 0.01), lr(4, 0.01), lr(5, 0.001), lr(6, 0.001)];
  expect(learningRateChanges(0.002, epochs)).toEqual([
    { epoch: 3, learningRate: 0.01 },
    { epoch: 5, learningRate: 0.001 },
  ]);
  expect(learningRateChanges(0.005, epochs.slice(0, 2))).toEqual([{ epoch: 1, learningRate: 0.002 }]); // changed before epoch 1 ended
  expect(learningRateChanges(0.002, [lr(1, 0.002 * (1 + 1e-9))])).toEqual([]); // float noise is no change
  expect(learningRateChanges(0.002, [])).toEqual([]);

  const config = { ...D2L_DEFAULTS, patience: 3, validRatio: 0.1, seed: 4, splitSeed: 7 };
  const label = runLabel(config, 'wasm', epochs);
  expect(label).toContain('adam 2e−3 · lr→1e−2 @ epoch 3 · lr→1e−3 @ epoch 5');
  expect(label).toContain('seed 4 / split seed 7 · valid 10% · patience 3 · wasm');
  expect(runLabel({ ...D2L_DEFAULTS, validRatio: 0 })).toContain('seed 0 / split seed 0 · no validation');
  expect(runLabel({ ...D2L_DEFAULTS, split: 'u1' })).not.toContain('patience');
  expect(runSettings({ config, backend: 'wasm', epochs }).learningRateChanges).toEqual(learningRateChanges(0.002, epochs));
  expect(runSettings({ config, backend: 'wasm', epochs })).toMatchObject({ patience: 3, splitSeed: 7, backend: 'wasm' });
});
