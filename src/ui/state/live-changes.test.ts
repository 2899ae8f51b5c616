import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from '../../config/settings';
import { runCsv, runSettings } from './run-export';
import { liveChangesOf, settingsAsEnded } from './live-changes';
import { runLabel } from './run-label';
import { ep } from '../../testing/test-epochs';

const at = (epoch: number, learningRate: number, l2 = 1e-5, dropout = 0.05) => ep(epoch, 1, 1, NaN, { learningRate, l2, dropout });

it('finds each live change: per setting, the first epoch whose value differs from the one before', () => {
  const epochs = [at(1, 0.002), at(2, 0.002), at(3, 0.01), at(4, 0.01, 0.1), at(5, 0.001, 0.1, 0.3), at(6, 0.001, 0.1, 0.3)];
  expect(liveChangesOf(D2L_DEFAULTS, epochs)).toEqual([
    { epoch: 3, setting: 'learningRate', from: 0.002, to: 0.01 },
    { epoch: 4, setting: 'l2', from: 1e-5, to: 0.1 },
    { epoch: 5, setting: 'learningRate', from: 0.01, to: 0.001 },
    { epoch: 5, setting: 'dropout', from: 0.05, to: 0.3 },
  ]);
  expect(liveChangesOf({ ...D2L_DEFAULTS, learningRate: 0.005 }, epochs.slice(0, 2))).toEqual([{ epoch: 1, setting: 'learningRate', from: 0.005, to: 0.002 }]); // changed before epoch 1 ended
  expect(liveChangesOf(D2L_DEFAULTS, [at(1, 0.002 * (1 + 1e-9))])).toEqual([]); // float noise is no change
  expect(liveChangesOf(D2L_DEFAULTS, [ep(1, 1, 1, NaN, { learningRate: 0.002 })])).toEqual([]); // older runs record no λ or dropout
  expect(liveChangesOf(D2L_DEFAULTS, [])).toEqual([]);
  expect(settingsAsEnded(D2L_DEFAULTS, epochs)).toEqual({ ...D2L_DEFAULTS, learningRate: 0.001, l2: 0.1, dropout: 0.3 });

  const config = { ...D2L_DEFAULTS, patience: 3, validRatio: 0.1, seed: 4, splitSeed: 7 };
  const label = runLabel(config, 'wasm', epochs);
  expect(label).toContain('adam 2e−3 · λ 1e−5 · drop 0.05 · lr→1e−2 @ epoch 3 · λ→1e−1 @ epoch 4 · lr→1e−3 @ epoch 5 · dropout→0.3 @ epoch 5 · b256');
  expect(label).toContain('seed 4 / split seed 7 · valid 10% · patience 3 · wasm');
  expect(runLabel({ ...D2L_DEFAULTS, validRatio: 0 })).toContain('seed 0 / split seed 0 · no validation');
  expect(runLabel({ ...D2L_DEFAULTS, split: 'u1' })).not.toContain('patience');
  const json = runSettings({ config, backend: 'wasm', epochs });
  expect(json.liveChanges).toEqual(liveChangesOf(config, epochs));
  expect(json).toMatchObject({ patience: 3, splitSeed: 7, backend: 'wasm', learningRate: 0.002, asEnded: { learningRate: 0.001, l2: 0.1, dropout: 0.3, patience: 3 } });
  expect(runCsv(epochs).split('\n')[5]).toBe('5,2500,1,0,,1,0,0.001,0.1,0.3,,,,');
});
