import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from '../../config/settings';
import { runCsv } from './run-export';
import { liveChangesOf } from './live-changes';
import { runLabel } from './run-label';
import { keptOf, type RunRecord } from './runs';
import { upgradeRun } from './upgrade-run';
import { ep } from '../../testing/test-epochs';

it('reads runs saved by the earlier version: no validation, the last epoch kept, the start learning rate', () => {
  const oldEpoch = (epoch: number, testRmse: number) => ({ epoch, trainLoss: 1, trainRmse: 1, testRmse, testMae: 0.8, bestEpoch: 1, bestTestRmse: 0.9, ms: 10, tensors: 5, tensorBytes: 50 });
  const { patience: _p, splitSeed: _s, validRatio: _v, ...oldConfig } = { ...D2L_DEFAULTS, seed: 3, learningRate: 0.005 };
  const old = { id: 'r', createdAt: 1, dataset: 'u.data', backend: 'wasm', config: oldConfig, epochs: [oldEpoch(1, 0.9), oldEpoch(2, 0.95)], visible: true, pinned: false } as unknown as RunRecord;
  const r = upgradeRun(old);
  expect(r.config).toMatchObject({ seed: 3, splitSeed: 3, validRatio: 0, patience: 0, learningRate: 0.005 });
  expect(r.epochs[1]).toMatchObject({ selectedEpoch: 2, selectedTestRmse: 0.95, learningRate: 0.005 });
  expect(r.epochs[1].validRmse).toBeNaN();
  expect(keptOf(r.epochs)).toEqual({ epoch: 2, validRmse: NaN, testRmse: 0.95, byValidation: false });
  expect(liveChangesOf(r.config, r.epochs)).toEqual([]);
  expect(runCsv(r.epochs).split('\n')[1]).toBe('1,10,1,1,,0.9,0.8,0.005,,,,,,');
  expect(runLabel(r.config, r.backend, r.epochs)).toContain('seed 3 / split seed 3 · no validation');
  const current = { ...old, config: D2L_DEFAULTS, epochs: [ep(1, 1, 1, 1)] };
  expect(upgradeRun(current)).toBe(current); // up to date: the same object
  expect(upgradeRun({ ...old, epochs: undefined } as unknown as RunRecord).epochs).toEqual([]);
});
