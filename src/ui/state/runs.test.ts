import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from '../../config/config';
import { applyPreset } from '../../config/preset-config';
import { colorOfId, EPOCH_CSV_HEADER, groupByDataset, HISTORY_COLORS, keptOf, learningRateChanges, pickColor, PINNED_COLOR, runColor, runCsv, runLabel, runsOnChart, runSettings, upgradeRun, type RunRecord } from './runs';
import { ep } from '../../testing/test-epochs';
import { overfitHint, statusText } from './status';

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

it('writes one CSV line per epoch, an empty cell where there is no validation', () => {
  const epochs = [
    ep(1, 1.5, 1.1, 1.2, { trainRmse: 1.05, testMae: 0.9, ms: 1000.4 }),
    ep(2, 1.25, 1.0, NaN, { trainRmse: 0.95, testMae: 0.8, ms: 500.2, learningRate: 0.01 }),
  ];
  const lines = runCsv(epochs).split('\n');
  expect(EPOCH_CSV_HEADER).toBe('epoch,wall_ms,train_loss,train_rmse,valid_rmse,test_rmse,test_mae,learning_rate');
  expect(lines).toEqual([EPOCH_CSV_HEADER, '1,1000,1.5,1.05,1.2,1.1,0.9,0.002', '2,1501,1.25,0.95,,1,0.8,0.01', '']);
});

it('reads runs saved by the earlier version: no validation, the last epoch kept, the start learning rate', () => {
  const oldEpoch = (epoch: number, testRmse: number) => ({ epoch, trainLoss: 1, trainRmse: 1, testRmse, testMae: 0.8, bestEpoch: 1, bestTestRmse: 0.9, ms: 10, tensors: 5, tensorBytes: 50 });
  const { patience: _p, splitSeed: _s, validRatio: _v, ...oldConfig } = { ...D2L_DEFAULTS, seed: 3, learningRate: 0.005 };
  const old = { id: 'r', createdAt: 1, dataset: 'u.data', backend: 'wasm', config: oldConfig, epochs: [oldEpoch(1, 0.9), oldEpoch(2, 0.95)], visible: true, pinned: false } as unknown as RunRecord;
  const r = upgradeRun(old);
  expect(r.config).toMatchObject({ seed: 3, splitSeed: 3, validRatio: 0, patience: 0, learningRate: 0.005 });
  expect(r.epochs[1]).toMatchObject({ selectedEpoch: 2, selectedTestRmse: 0.95, learningRate: 0.005 });
  expect(r.epochs[1].validRmse).toBeNaN();
  expect(keptOf(r.epochs)).toEqual({ epoch: 2, validRmse: NaN, testRmse: 0.95, byValidation: false });
  expect(learningRateChanges(r.config.learningRate, r.epochs)).toEqual([]);
  expect(runCsv(r.epochs).split('\n')[1]).toBe('1,10,1,1,,0.9,0.8,0.005');
  expect(runLabel(r.config, r.backend, r.epochs)).toContain('seed 3 / split seed 3 · no validation');
  const current = { ...old, config: D2L_DEFAULTS, epochs: [ep(1, 1, 1, 1)] };
  expect(upgradeRun(current)).toBe(current); // up to date: the same object
  expect(upgradeRun({ ...old, epochs: undefined } as unknown as RunRecord).epochs).toEqual([]);
});

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

it('says where the run stands, with how it ended and where a pause fell', () => {
  const epochs = [ep(1, 1, 1), ep(2, 1, 1), ep(3, 1, 1), ep(4, 1, 1)];
  expect(statusText({ phase: 'running', epochs })).toBe('Training… 4 epochs done.');
  expect(statusText({ phase: 'paused', epochs, pausedAt: { epoch: 4, batch: 0, batches: 7 } })).toBe('Paused after epoch 4.');
  expect(statusText({ phase: 'paused', epochs, pausedAt: { epoch: 5, batch: 3, batches: 7 } })).toBe('Paused after epoch 4 (in epoch 5, batch 3 of 7).');
  expect(statusText({ phase: 'finished', epochs })).toBe('Run finished after 4 epochs.');
  expect(statusText({ phase: 'finished', epochs, end: { kind: 'early-stopped', message: 'early stop at epoch 4: validation RMSE no better for 3 epochs; kept epoch 1' } })).toBe(
    'Run finished after 4 epochs: early stop at epoch 4: validation RMSE no better for 3 epochs; kept epoch 1.',
  );
  expect(statusText({ phase: 'stopped', epochs: epochs.slice(0, 3), end: { kind: 'diverged', message: 'diverged at epoch 3: lower the learning rate.' } })).toBe(
    'Run stopped after 3 epochs: diverged at epoch 3: lower the learning rate.',
  );
  expect(statusText({ phase: 'stopped', epochs, end: { kind: 'stopped', message: '' } })).toBe('Run stopped after 4 epochs.');
});

const rec = (id: string, dataset: string, createdAt: number, extra: Partial<RunRecord> = {}): RunRecord => ({
  id,
  createdAt,
  dataset,
  backend: 'wasm',
  config: D2L_DEFAULTS,
  epochs: [],
  visible: true,
  pinned: false,
  ...extra,
});

it('gives each run a colour of its own that does not depend on which runs are shown, and keeps it', () => {
  // A run saved without a colour (an earlier version) gets one from its id alone: the same on every load.
  expect(colorOfId('run-1700000000000')).toBe(colorOfId('run-1700000000000'));
  expect(HISTORY_COLORS).toContain(colorOfId('run-1'));
  expect(new Set(['run-1', 'run-2', 'run-3', 'run-4', 'run-5'].map(colorOfId)).size).toBeGreaterThan(1);
  // A new run takes the least used colour.
  const runs: RunRecord[] = [];
  for (let k = 0; k < HISTORY_COLORS.length; k++) runs.push(rec(`r${k}`, 'u.data', k, { color: pickColor(runs) }));
  expect(new Set(runs.map((r) => r.color)).size).toBe(HISTORY_COLORS.length);
  expect(pickColor(runs.filter((r) => r.id !== 'r3'))).toBe(runs[3].color); // a deleted run's colour is free again
  // The colour a run is drawn in is its own, whatever runs are hidden or filtered before it; pinned runs take the pinned colour.
  const stored = rec('x', 'u.data', 9, { color: '#16a085' });
  expect(runColor(stored)).toBe('#16a085');
  expect(runColor({ ...stored, pinned: true })).toBe(PINNED_COLOR);
  expect(runColor(upgradeRun(JSON.parse(JSON.stringify(stored)) as RunRecord))).toBe('#16a085'); // through IndexedDB and upgradeRun
  expect(runColor(rec('run-42', 'u.data', 1))).toBe(colorOfId('run-42'));
});

it('draws earlier runs of the loaded dataset only, unless other data is asked for, and groups the list by dataset', () => {
  const runs = [rec('a', 'u.data', 1), rec('b', 'ratings.csv', 2), rec('c', 'u.data', 3, { visible: false }), rec('d', 'ratings.csv', 4, { visible: false, pinned: true }), rec('e', 'demo', 5)];
  expect(runsOnChart(runs, 'u.data', false).map((r) => r.id)).toEqual(['a']);
  expect(runsOnChart(runs, 'ratings.csv', false).map((r) => r.id)).toEqual(['b', 'd']);
  expect(runsOnChart(runs, 'u.data', true).map((r) => r.id)).toEqual(['a', 'b', 'd', 'e']);
  expect(runsOnChart(runs, undefined, false).map((r) => r.id)).toEqual(['a', 'b', 'd', 'e']); // no data loaded: nothing to tell apart

  const groups = groupByDataset(runs, 'u.data');
  expect(groups.map((g) => [g.dataset, g.current])).toEqual([
    ['u.data', true],
    ['demo', false],
    ['ratings.csv', false],
  ]);
  expect(groups[0].runs.map((r) => [r.run.id, r.number])).toEqual([
    ['a', 1],
    ['c', 3],
  ]);
  expect(groups[2].runs.map((r) => r.number)).toEqual([2, 4]); // numbered as in the whole history
});

it("the overfitting hint names the run's own patience, and suggests one only where there is none", () => {
  expect(overfitHint('validation', 12, 5)).toMatch(/keeps epoch 12, .* the run stops once validation RMSE has not improved for 5 epochs\.$/);
  expect(overfitHint('validation', 12, 0)).toMatch(/or set a patience to stop early\.$/);
  expect(overfitHint('test', 30, 0)).toMatch(/keeps its last epoch \(30\)/);
});
