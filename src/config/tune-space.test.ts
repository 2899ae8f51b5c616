import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from './settings';
import { Asha } from '../tune/asha';
import { chooseEnsemble, scoreOf } from '../tune/ensemble';
import { haltonPoints, radicalInverse } from '../tune/halton';
import { validateTune } from './tune-options';
import { configAt, DEFAULT_SPACE, DEFAULT_SPACE_JSON, parseSpace, searchedKeys, spaceToJson } from './tune-space';
import type { TrialResult } from './tune-results';

it('reads a space as JSON through the settings\' own rules, and writes it back the same', () => {
  const p = parseSpace(JSON.stringify(DEFAULT_SPACE_JSON));
  expect(p.ok && spaceToJson(p.value)).toEqual(DEFAULT_SPACE_JSON);
  expect(searchedKeys(DEFAULT_SPACE)).toEqual(['l2', 'hidden', 'dropout', 'learningRate']);
  const bad = parseSpace({ hidden: [0, 10], dropout: [0.5, 0.1], l2: [0, 1, 'log'], encoder: ['sigmoid', 'swish'], batchSize: [1, 2], learningRate: 3 });
  expect(bad.ok).toBe(false);
  expect(!bad.ok && bad.errors).toEqual([
    'hidden units must be at least 1 and at most 10000, not 0',
    'dropout: min 0.5 is above max 0.1',
    'L2 penalty λ: a log scale needs a min above 0, not 0',
    'encoder activation must be one of sigmoid, identity, relu, elu, tanh, selu, not "swish"',
    '"batchSize" cannot be searched (searchable: l2, hidden, dropout, learningRate, extraLayers, encoder, decoder, variant, optimizer, kernelDim, kernelL2)',
    'learning rate: give [min, max] or [min, max, "log"], not 3',
  ]);
  expect(parseSpace('{"l2": [').ok).toBe(false);
});

it('maps points of the unit cube onto settings: log ranges, whole numbers, choices, fixed values', () => {
  const p = parseSpace({ l2: [0.01, 100, 'log'], hidden: [300, 1000, 'log'], extraLayers: [0, 2], encoder: ['sigmoid', 'elu'], variant: ['U'] });
  if (!p.ok) throw new Error(p.errors.join());
  const lo = configAt(p.value, D2L_DEFAULTS, [0, 0, 0, 0]);
  const mid = configAt(p.value, D2L_DEFAULTS, [0.5, 0.5, 0.5, 0.99]);
  expect(lo.config).toMatchObject({ l2: 0.01, hidden: 300, extraLayers: 0, encoder: 'sigmoid', variant: 'U' });
  expect(mid.config).toMatchObject({ l2: 1, hidden: 548, extraLayers: 1, encoder: 'elu', variant: 'U' });
  expect(Object.keys(mid.values), 'only searched settings are a trial\'s values').toEqual(['l2', 'hidden', 'extraLayers', 'encoder']);
});

it('draws Halton points: evenly spread, seeded', () => {
  expect([1, 2, 3, 4].map((n) => radicalInverse(n, 2))).toEqual([0.5, 0.25, 0.75, 0.125]);
  const a = haltonPoints(3, 0);
  const pts = Array.from({ length: 64 }, (_, i) => a(i));
  for (let d = 0; d < 3; d++) {
    const bins = [0, 0, 0, 0];
    for (const p of pts) bins[Math.floor(p[d] * 4)]++;
    expect(Math.min(...bins), `dimension ${d}: ${bins}`).toBeGreaterThanOrEqual(14);
  }
  expect(haltonPoints(3, 0)(5)).toEqual(a(5));
  expect(haltonPoints(3, 1)(5)).not.toEqual(a(5));
});

it('halves at rungs: a trial goes on while in the best 1/eta of those that reached the rung', () => {
  const asha = new Asha(10, 3, 200);
  expect(asha.rungs).toEqual([10, 30, 90]);
  expect(asha.report(9, 5)).toBe(false);
  expect([asha.report(10, 1.0), asha.report(10, 1.2)], 'fewer than eta: no pruning').toEqual([false, false]);
  expect(asha.report(10, 1.1), 'second of 3: not in the best 1').toBe(true);
  expect(asha.report(10, 0.9), 'best so far').toBe(false);
  expect(asha.counts[0]).toEqual({ epoch: 10, trials: 4 });
  expect(asha.report(30, NaN)).toBe(false);
});

it('scores averaged predictions with the unseen ratings, and averages only when it helps on validation', () => {
  const truth = Float32Array.of(1, 5, 3);
  const a = Float32Array.of(2, 4, 3);
  const b = Float32Array.of(0, 6, 3);
  expect(scoreOf([a, b], truth, { ratings: 0, sse: 0, absErr: 0 }).rmse).toBe(0);
  expect(scoreOf([a], truth, { ratings: 1, sse: 2, absErr: 1 })).toEqual({ rmse: 1, mae: 0.75 });
  expect(chooseEnsemble([a, b], truth, { ratings: 0, sse: 0, absErr: 0 })).toMatchObject({ size: 2, rmse: 0 });
  expect(chooseEnsemble([a, Float32Array.of(5, 1, 1)], truth, { ratings: 0, sse: 0, absErr: 0 }).size).toBe(1);
});

it('checks the budget and search options', () => {
  expect(validateTune({ minutes: '5' })).toMatchObject({ ok: true, value: { minutes: 5 } });
  expect(validateTune({ minutes: 0, trials: 0 })).toEqual({ ok: false, errors: ['give a budget: minutes, trials or both'] });
  expect(validateTune({ trials: 2.5, eta: 1 })).toEqual({ ok: false, errors: ['budget (trials) must be a whole number, not 2.5', 'halving factor must be at least 2 and at most 10, not 1'] });
});

it('writes the leaderboard best first as CSV, trials without a kept model last', async () => {
  const { leaderboardCsv } = await import('./tune-report');
  const t = (id: number, validRmse: number) => ({ id, config: { ...D2L_DEFAULTS, hidden: 100 + id }, values: { hidden: 100 + id }, epochs: 5, bestEpoch: 4, validRmse, ms: 1500, end: 'early-stopped' as const, tensors: 0, tensorBytes: 0 });
  const lines = leaderboardCsv([t(1, 0.95), t(2, NaN), t(3, 0.9)], ['hidden']).trim().split('\n');
  expect(lines[0].split(',').slice(0, 9)).toEqual(['rank', 'trial', 'hidden', 'validRmse', 'bestEpoch', 'epochs', 'seconds', 'end', 'config.model']);
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(['1,3,103,0.9', '2,1,101,0.95', '3,2,102,']);
  // with the search's result: each trial's weight in the reported model after how it ended (blank: not in it)
  const withWeights = leaderboardCsv([t(1, 0.95), t(2, NaN), t(3, 0.9)], ['hidden'], { members: [3, 1], weights: [0.75, 0.25] }).trim().split('\n');
  expect(withWeights[0].split(',').slice(7, 10)).toEqual(['end', 'weight', 'config.model']);
  expect(withWeights.slice(1).map((l) => [l.split(',')[1], l.split(',')[8]])).toEqual([['3', '0.75'], ['1', '0.25'], ['2', '']]);
});

it('describes the reported model: one trial, an average, or a fitted blend with its signs', async () => {
  const { describeModel } = await import('./tune-report');
  const best = { id: 4 } as TrialResult;
  expect(describeModel({ best, members: [4], blend: { weights: [1], intercept: 0, fitted: false } })).toBe('trial 4');
  expect(describeModel({ best, members: [4, 2], blend: { weights: [0.5, 0.5], intercept: 0, fitted: false } })).toBe('the average of trials 4, 2');
  expect(describeModel({ best, members: [4, 2, 7], blend: { weights: [-0.25, 1.5, 0.125], intercept: -0.05, fitted: true } })).toBe(
    'a blend fitted on validation: −0.250 × trial 4 + 1.500 × trial 2 + 0.125 × trial 7 − 0.050',
  );
});
