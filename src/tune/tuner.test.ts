import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import { randomSplit } from '../data/split';
import type { Split } from '../data/types';
import type { TrainConfig } from '../config/config';
import { AUTOREC_PLUS, D2L_DEFAULTS } from '../config/settings';
import { Trainer } from '../train/trainer';
import { TuneData } from './tune-data';
import { DEFAULT_TUNE, type TuneOptions } from '../config/tune-options';
import type { Recipe } from '../config/tune-recipe';
import { parseSpace, type SearchSpace } from '../config/tune-space';
import { Tuner } from './tuner';
import type { TrialResult, TuneResult } from '../config/tune-results';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = generateDemo({ users: 60, items: 40, ratings: 900, seed: 3 });
const base: TrainConfig = { ...D2L_DEFAULTS, hidden: 8, batchSize: 16, learningRate: 0.01, validRatio: 0.15, testRatio: 0.15 };
const space = (json: object): SearchSpace => {
  const p = parseSpace(json);
  if (!p.ok) throw new Error(p.errors.join('; '));
  return p.value;
};
const SMALL = space({ hidden: [4, 16, 'log'], l2: [1e-3, 1, 'log'], dropout: [0, 0.3], learningRate: [3e-3, 3e-2, 'log'], extraLayers: [0, 1] });
const opts = (o: Partial<TuneOptions>): TuneOptions => ({ ...DEFAULT_TUNE, minutes: 0, maxEpochs: 4, minEpochs: 2, eta: 2, patience: 2, ...o });

async function tune(o: Partial<TuneOptions>, split?: Split, s = SMALL, onTrial?: (r: TrialResult, t: Tuner) => void) {
  const data = new TuneData(dataset, base, { split, backend: 'cpu' });
  let testReads = 0;
  const testOf = data.testOf.bind(data);
  data.testOf = (...a) => (testReads++, testOf(...a));
  const trials: TrialResult[] = [];
  const testRmses: number[] = [];
  const t: Tuner = new Tuner(data, base, s, opts(o), {
    epoch: (_, stats) => testRmses.push(stats.testRmse, stats.testNdcg10 ?? NaN),
    trialEnd: (r) => (trials.push(r), onTrial?.(r, t)),
  });
  t.play();
  const result = (await t.done) as TuneResult;
  return { result, trials, testReads, testRmses };
}

it('keeps tensors and their bytes flat from trial to trial: after 20 trials as after 1', async () => {
  const before = tf.memory();
  const { trials } = await tune({ trials: 20 });
  expect(trials).toHaveLength(20);
  expect(new Set(trials.map((r) => r.config.hidden)).size, 'trials of several sizes').toBeGreaterThan(3);
  expect(trials[19].tensors, `tensors after each trial: ${trials.map((r) => r.tensors)}`).toBe(trials[0].tensors);
  expect(trials[19].tensorBytes).toBe(trials[0].tensorBytes);
  expect(trials[0].tensors, 'nothing of a trial is left').toBe(before.numTensors);
  expect(tf.memory().numTensors, 'nor of the final evaluation').toBe(before.numTensors);
});

it('never looks at the test set during the search: trials see no test figure, and the same search runs on another test set', async () => {
  const split = randomSplit(dataset.ratings, 0.15, 0);
  const a = await tune({ trials: 6 }, split);
  const flipped = { ...split, test: { ...split.test, ratings: split.test.ratings.map((r) => 6 - r) } };
  const b = await tune({ trials: 6 }, flipped);
  expect(a.testRmses.every((x) => Number.isNaN(x)), 'no epoch of a trial has a test RMSE (or NDCG)').toBe(true);
  // the ranking figures come with the one test evaluation, on every ranked user of this small data, beside the most popular items'
  for (const r of [a.result, b.result]) {
    expect(r.testNdcg10).toBeGreaterThan(0);
    expect(r.testNdcg10).toBeLessThanOrEqual(1);
    expect(r.popular!.users).toBe(r.popular!.usersWithRelevant);
  }
  expect(b.result.testNdcg10, 'measured on the test ratings').not.toBe(a.result.testNdcg10);
  expect(b.trials.map((r) => [r.validRmse, r.epochs, r.end]), 'choices made without the test set').toEqual(a.trials.map((r) => [r.validRmse, r.epochs, r.end]));
  expect(b.result.members).toEqual(a.result.members);
  expect(b.result.testRmse, 'the test set is read at the end').not.toBe(a.result.testRmse);
  expect(a.testReads, 'once').toBe(1);
  expect(b.testReads).toBe(1);
});

it('reports the best trial by validation, or an average of the top ones when that is better on validation', async () => {
  const { result, trials } = await tune({ trials: 8, ensembleTop: 4 });
  const ranked = trials.filter((r) => Number.isFinite(r.validRmse)).sort((x, y) => x.validRmse - y.validRmse);
  expect(result.best.id).toBe(ranked[0].id);
  expect(result.bestValidRmse, 'the kept weights predict what the trial measured').toBeCloseTo(ranked[0].validRmse, 5);
  expect(result.members[0]).toBe(ranked[0].id);
  expect(result.members).toEqual(ranked.slice(0, result.members.length).map((r) => r.id));
  expect(result.validRmse).toBeLessThanOrEqual(result.bestValidRmse);
  expect(Number.isFinite(result.testRmse)).toBe(true);
  expect(result.trials).toBe(8);
  expect(result.blend.weights).toHaveLength(result.members.length);
  if (result.blend.fitted) expect(result.validRmse, 'a fitted blend is reported by its cross-validated RMSE').toBe(result.fittedValidRmse);
  else expect(result.validRmse).toBe(Math.min(...result.validBySize));
});

it('tests the blend it chose: fitted weights when they win on validation, else the average (fitBlend 0: averages only)', async () => {
  const fitted = await tune({ trials: 6, ensembleTop: 4 });
  const plain = await tune({ trials: 6, ensembleTop: 4, fitBlend: 0 });
  expect(plain.trials.map((r) => r.validRmse), 'the same trials').toEqual(fitted.trials.map((r) => r.validRmse));
  expect(plain.result.blend.fitted).toBe(false);
  expect(plain.result.fittedValidRmse).toBeUndefined();
  expect(fitted.result.fittedValidRmse).toBeGreaterThan(0);
  // these small models are shrunk towards the mean: the fitted blend wins on validation, and a different model is tested
  expect(fitted.result.blend.fitted).toBe(true);
  expect(fitted.result.validRmse).toBeLessThan(plain.result.validRmse);
  expect(fitted.result.testRmse).not.toBe(plain.result.testRmse);
});

it('stops trials that fall behind at a rung, and stops the search on request while still evaluating what it found', async () => {
  const { trials } = await tune({ trials: 12, maxEpochs: 8, minEpochs: 2, eta: 2, patience: 8 });
  expect(trials.some((r) => r.end === 'pruned'), trials.map((r) => `${r.end}@${r.epochs}`).join(' ')).toBe(true);
  for (const r of trials.filter((x) => x.end === 'pruned')) expect([2, 4]).toContain(r.epochs);
  const stopped = await tune({ trials: 50 }, undefined, SMALL, (r, t) => r.id === 3 && t.stop());
  expect(stopped.trials).toHaveLength(3);
  expect(stopped.result.trials).toBe(3);
  expect(Number.isFinite(stopped.result.testRmse)).toBe(true);
});

it('refuses a search without a validation share', () => {
  expect(() => new TuneData(dataset, { ...base, validRatio: 0 }, { backend: 'cpu' })).toThrow(/validation share/);
});

it('pauses between trials and resumes where it was; and a budget in minutes ends the search with the trial in progress cut', async () => {
  const data = new TuneData(dataset, base, { backend: 'cpu' });
  const trials: TrialResult[] = [];
  const states: string[] = [];
  let epochsWhilePaused = 0;
  let paused = false;
  const t: Tuner = new Tuner(data, base, SMALL, opts({ trials: 4 }), {
    trialEnd: (r) => {
      trials.push(r);
      if (r.id === 2) {
        t.pause();
        paused = true;
      }
    },
    epoch: () => paused && epochsWhilePaused++,
    state: (s) => states.push(s),
  });
  t.play();
  // until the pause lands (trial 2's end: later on a loaded machine), then a while longer: nothing may start
  for (const t0 = Date.now(); !states.includes('paused') && Date.now() - t0 < 20_000; ) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(trials, 'no trial starts while paused').toHaveLength(2);
  expect(epochsWhilePaused).toBe(0);
  paused = false;
  t.play();
  const result = await t.done;
  expect(trials.map((r) => r.id)).toEqual([1, 2, 3, 4]);
  expect(states).toEqual(['running', 'paused', 'running', 'evaluating', 'finished']);
  expect(result?.trials).toBe(4);

  // A budget of a few milliseconds: the first trial is cut at its first epoch and still evaluated.
  const quick = new Tuner(data, base, SMALL, opts({ minutes: 1e-6, trials: 0, maxEpochs: 50, patience: 50 }), { trialEnd: (r) => trials.push(r) });
  quick.play();
  const r = await quick.done;
  expect(trials.at(-1)).toMatchObject({ id: 1, end: 'budget', epochs: 1 });
  expect(r?.trials).toBe(1);
});

describe('a recipe', () => {
  // an I- and a U-AutoRec: the blend matches their predictions pair by pair across the two orientations
  const members = (b: TrainConfig): TrainConfig[] => [
    { ...b, variant: 'I', hidden: 12, epochs: 6, patience: 3, seed: 11, average: 0.5 },
    { ...b, variant: 'U', hidden: 10, epochs: 6, patience: 3, seed: 12 },
  ];
  const recipe: Recipe = { key: 'test', name: 'test blend', description: '', members };

  async function blend(o: Partial<TuneOptions>, onRefit?: (id: number, epoch: number, epochs: number, t: Tuner) => void) {
    const data = new TuneData(dataset, base, { backend: 'cpu' });
    let testReads = 0;
    const testOf = data.testOf.bind(data);
    data.testOf = (...a) => (testReads++, testOf(...a));
    const trials: TrialResult[] = [];
    const refits: [number, number, number][] = [];
    const t: Tuner = new Tuner(data, base, recipe, opts({ trials: 2, ...o }), {
      trialEnd: (r) => trials.push(r),
      refitEpoch: (id, e, n) => (refits.push([id, e, n]), onRefit?.(id, e, n, t)),
    });
    t.play();
    return { result: (await t.done) as TuneResult, trials, refits, testReads, data };
  }

  it("trains its members as given (no pruning, every one kept), and averages I- and U-AutoRec's predictions pair by pair", async () => {
    const { result, trials, testReads, data } = await blend({ maxEpochs: 5, minEpochs: 1, eta: 2, fitBlend: 0 });
    expect(trials.map((r) => [r.config.variant, r.config.seed, r.config.hidden, r.config.epochs])).toEqual([['I', 11, 12, 5], ['U', 12, 10, 5]]);
    expect(trials.map((r) => r.end).includes('pruned'), 'no pruning at rungs').toBe(false);
    expect(trials.every((r) => r.epochs > 2), 'not cut at the rungs (1, 2, 4)').toBe(true);
    // the same two models trained alone, their validation predictions matched by (user, item)
    const byPair = async (r: TrialResult) => {
      const t = new Trainer(data.forTrials(r.config.variant), { ...r.config, compute: data.compute }, { evaluateTest: false });
      for (let e = 0; e < r.epochs; e++) await t.trainEpoch();
      const valid = data.forTrials(r.config.variant).valid;
      const preds = await t.predictAt(valid);
      t.dispose();
      const out = new Map<string, number>();
      for (let row = 0; row < valid.rows; row++) {
        for (let k = valid.rowPtr[row]; k < valid.rowPtr[row + 1]; k++) {
          const [u, i] = r.config.variant === 'I' ? [valid.colIdx[k], row] : [row, valid.colIdx[k]];
          out.set(`${u},${i}`, preds[k]);
        }
      }
      return out;
    };
    const [a, b] = await Promise.all(trials.map(byPair));
    const { valid, unseenValid } = data.forTrials('I');
    let sse = unseenValid.sse;
    for (const [key, p] of a) sse += ((p + b.get(key)!) / 2 - valid.values[[...a.keys()].indexOf(key)]) ** 2;
    const averaged = Math.sqrt(sse / (valid.values.length + unseenValid.ratings));
    const ranked = [...trials].sort((x, y) => x.validRmse - y.validRmse);
    expect(result.bestValidRmse).toBeCloseTo(ranked[0].validRmse, 5);
    expect(result.validBySize[1], 'the average of both, matched pair by pair').toBeCloseTo(averaged, 5);
    expect(result.validRmse, 'the better of the best alone and the average of both (fitBlend 0)').toBeCloseTo(Math.min(...result.validBySize), 10);
    expect(result.refit).toBe(false);
    expect(testReads, 'each orientation of the test set once').toBeLessThanOrEqual(2);
  });

  it('refits the chosen members on training + validation for the epochs they kept; stopped during a refit, it tests the kept weights', async () => {
    const plain = await blend({});
    const refit = await blend({ refit: 1 });
    expect(refit.trials.map((r) => r.validRmse), 'the same members, chosen the same way').toEqual(plain.trials.map((r) => r.validRmse));
    expect(refit.result.members).toEqual(plain.result.members);
    expect(refit.result.refit).toBe(true);
    const chosen = refit.result.members.map((id) => refit.trials.find((r) => r.id === id)!);
    expect(refit.refits.filter(([, e, n]) => e === n).map(([id, , n]) => [id, n])).toEqual(chosen.map((r) => [r.id, r.bestEpoch]));
    expect(refit.result.testRmse, 'other models are tested').not.toBe(plain.result.testRmse);
    const cut = await blend({ refit: 1 }, (_, epoch, __, t) => epoch === 1 && t.stop());
    expect(cut.result.refit).toBe(false);
    expect(cut.result.testRmse).toBe(plain.result.testRmse);
  });

  it('stopped during a member: the blend is of the members that finished, says so, and is the model it keeps', async () => {
    const data = new TuneData(dataset, base, { backend: 'cpu' });
    const trials: TrialResult[] = [];
    const t: Tuner = new Tuner(data, base, recipe, opts({ trials: 2, maxEpochs: 5, minEpochs: 1, eta: 2 }), {
      trialEnd: (r) => trials.push(r),
      epoch: (id, s) => id === 2 && s.epoch === 2 && t.stop(),
    });
    t.play();
    const result = (await t.done) as TuneResult;
    expect(trials.map((r) => r.end)).toEqual([expect.stringMatching(/completed|early-stopped/), 'stopped']);
    expect(result.stoppedAfter).toEqual({ finished: 1, of: 2 });
    expect(result.members, 'the member stopped part-way is left out').toEqual([1]);
    expect(t.found?.members.map((m) => m.trial)).toEqual([1]);
    expect(Number.isFinite(result.testRmse)).toBe(true);
    // stopped in the first member: nothing finished, nothing to test
    const none: Tuner = new Tuner(new TuneData(dataset, base, { backend: 'cpu' }), base, recipe, opts({ trials: 2, maxEpochs: 5, minEpochs: 1, eta: 2 }), { trialEnd: () => {}, epoch: (id, s) => id === 1 && s.epoch === 2 && none.stop() });
    none.play();
    expect(await none.done).toBeUndefined();
    expect(none.found).toBeUndefined();
  });

  it('tests refit models on the test set as held out from training + validation', () => {
    // every test rating whose user and item were rated on either side is theirs to predict (sparse data: some items only in validation)
    const data = new TuneData(generateDemo({ users: 60, items: 400, ratings: 900, seed: 5 }), base, { backend: 'cpu' });
    const { holdout } = data;
    const rated = (split: typeof holdout.train, seen: [Set<number>, Set<number>]) => split.users.forEach((u, k) => (seen[0].add(u), seen[1].add(split.items[k])));
    const [trainOnly, both]: [Set<number>, Set<number>][] = [[new Set(), new Set()], [new Set(), new Set()]];
    rated(holdout.train, trainOnly);
    rated(holdout.train, both);
    rated(holdout.valid, both);
    const knownIn = (seen: [Set<number>, Set<number>]) => holdout.test.users.filter((u, k) => seen[0].has(u) && seen[1].has(holdout.test.items[k])).length;
    expect(data.testOf('I', true).test.values.length).toBe(knownIn(both));
    expect(data.testOf('I').test.values.length).toBe(knownIn(trainOnly));
    expect(knownIn(both), 'the fixture has test ratings only training + validation can predict').toBeGreaterThan(knownIn(trainOnly));
  });

  it('blends an AutoRec+ member with a global-kernel stage: not refit (its stage began on validation), predicting from training + validation', async () => {
    const withStage: Recipe = {
      key: 'stage',
      name: 'stage',
      description: '',
      members: (b) => [
        { ...b, ...AUTOREC_PLUS, hidden: 8, kernelDim: 2, learningRate: 0.02, epochs: 6, globalEpochs: 4, patience: 0, seed: 13 },
        { ...b, variant: 'I', hidden: 12, epochs: 6, patience: 3, seed: 11 },
      ],
    };
    const data = new TuneData(dataset, base, { backend: 'cpu' });
    const trials: TrialResult[] = [];
    const refits = new Set<number>();
    const stages: string[] = [];
    const t = new Tuner(data, base, withStage, opts({ trials: 2, refit: 1, maxEpochs: 6 }), {
      trialEnd: (r) => trials.push(r),
      refitEpoch: (id) => refits.add(id),
      epoch: (id, e) => id === 1 && stages.push(e.stage ?? 'none'),
    });
    t.play();
    const result = (await t.done) as TuneResult;
    expect(trials.map((r) => r.end)).toEqual(['completed', expect.stringMatching(/completed|early-stopped/)]);
    expect(trials[0].bestEpoch, 'kept in the global stage (epochs 5-6) or before it').toBeGreaterThan(0);
    expect(stages[trials[0].bestEpoch - 1], 'kept in the global stage').toBe('global');
    expect(result.refit).toBe(true);
    expect(result.members).toContain(1);
    expect([...refits], 'the staged member is not trained again').toEqual([2]);
    expect(Number.isFinite(result.testRmse)).toBe(true);
    // its kept weights predict in the stage they were kept in: the validation RMSE the trial measured
    const alone = new Tuner(data, base, { ...withStage, members: (b) => withStage.members(b).slice(0, 1) }, opts({ trials: 1, maxEpochs: 6, fitBlend: 0 }), { trialEnd: () => {} });
    alone.play();
    const one = (await alone.done) as TuneResult;
    expect(one.bestValidRmse).toBeCloseTo(trials[0].validRmse, 5);
  });
});
