import { describe, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import { makeHoldout, NO_RATINGS } from '../data/holdout';
import { baselines } from './bias-baselines';
import { fitMatrixFactorization, MF_DEFAULT, MF_GRID } from './matrix-factorization';

// MovieLens-shaped ratings from a planted rank-3 taste with a strong interaction and little noise: what biases
// alone cannot explain, factors can.
const d = generateDemo({ users: 300, items: 400, ratings: 30_000, seed: 11, taste: { interaction: 2.5, noise: 0.3 } });
const h = makeHoldout(d, { testRatio: 0.1, validRatio: 0.05, splitSeed: 3 }, undefined);
const shape = { numUsers: d.numUsers, numItems: d.numItems, lo: d.ratingMin, hi: d.ratingMax };

describe('the matrix-factorisation baseline', () => {
  const fit = fitMatrixFactorization(h.train, h.valid, h.test, shape);

  it('recovers a planted low-rank structure: test RMSE well below the user+item bias line', () => {
    const b = baselines({ train: h.train, test: h.test }, d.numUsers, d.numItems, d.ratingMin, d.ratingMax);
    expect(fit.baseline.chosenBy).toBe('validation');
    expect(fit.baseline.testRmse).toBeLessThan(0.6 * b.userItemBias);
    expect(fit.baseline.validRmse).toBeLessThan(0.6 * b.userItemBias);
  });

  it('chooses the setting with the lowest validation RMSE of the grid', () => {
    const alone = MF_GRID.map((s) => fitMatrixFactorization(h.train, h.valid, h.test, { ...shape, grid: [s] }).baseline);
    const best = alone.reduce((a, b) => (b.validRmse < a.validRmse ? b : a));
    expect(fit.baseline).toEqual(best);
    // the grid is not degenerate here: its settings score differently on validation
    expect(new Set(alone.map((b) => b.validRmse.toFixed(6))).size).toBe(MF_GRID.length);
  });

  it('is deterministic for a seed and differs for another', () => {
    const grid = [MF_DEFAULT];
    const a = fitMatrixFactorization(h.train, h.valid, h.test, { ...shape, grid, seed: 4 });
    const b = fitMatrixFactorization(h.train, h.valid, h.test, { ...shape, grid, seed: 4 });
    const c = fitMatrixFactorization(h.train, h.valid, h.test, { ...shape, grid, seed: 5 });
    expect(b.baseline).toEqual(a.baseline);
    expect(b.model.userFactors).toEqual(a.model.userFactors);
    expect(b.model.itemBias).toEqual(a.model.itemBias);
    expect(c.model.userFactors).not.toEqual(a.model.userFactors);
  });

  it('never reads the test ratings to choose: corrupted test ratings leave the choice and the model unchanged', () => {
    const corrupt = { ...h.test, ratings: h.test.ratings.map((r) => 6 - r) };
    const other = fitMatrixFactorization(h.train, h.valid, corrupt, shape);
    const { testRmse, ...choice } = fit.baseline;
    const { testRmse: corruptRmse, ...otherChoice } = other.baseline;
    expect(otherChoice).toEqual(choice);
    expect(other.model.userFactors).toEqual(fit.model.userFactors);
    expect(corruptRmse).toBeGreaterThan(testRmse + 0.5);
  });

  it('uses the fixed default, for the whole epoch cap, without a validation share', () => {
    const none = fitMatrixFactorization(h.train, NO_RATINGS, h.test, shape).baseline;
    expect(none).toMatchObject({ chosenBy: 'default', factors: MF_DEFAULT.factors, l2: MF_DEFAULT.l2 });
    expect(none.validRmse).toBeNaN();
    expect(none.epochs).toBeGreaterThan(0);
    expect(none.testRmse).toBeLessThan(fit.baseline.testRmse + 0.1);
  });

  it('caps the work: fewer epochs on larger data, the default alone where the grid would get too few, at least one epoch', () => {
    const n = h.train.ratings.length;
    const work = (grid: readonly { factors: number }[]) => n * grid.reduce((w, s) => w + s.factors, 0);
    const fewer = fitMatrixFactorization(h.train, h.valid, h.test, { ...shape, workCap: 6 * work(MF_GRID) });
    expect(fewer.baseline.chosenBy).toBe('validation');
    expect(fewer.baseline.epochs).toBeLessThanOrEqual(6);
    const large = fitMatrixFactorization(h.train, h.valid, h.test, { ...shape, workCap: 3 * work([MF_DEFAULT]) }).baseline;
    expect(large).toMatchObject({ chosenBy: 'default', factors: MF_DEFAULT.factors, l2: MF_DEFAULT.l2 });
    expect(large.epochs).toBeLessThanOrEqual(3);
    expect(large.validRmse).toBeLessThan(Infinity); // validation still picks the epoch
    const huge = fitMatrixFactorization(h.train, h.valid, h.test, { ...shape, workCap: 1 }).baseline;
    expect(huge.epochs).toBe(1);
  });

  it('scores all items of a user as pair by pair, raw (unclipped); a user with no training rating gets the mean and item biases', () => {
    const m = fit.model;
    const all = m.scoreItems(7);
    expect(all.length).toBe(d.numItems);
    for (const i of [0, 5, 399]) expect(all[i]).toBeCloseTo(m.score(7, i), 12);
    expect(Math.max(...all)).toBeGreaterThan(d.ratingMax); // ranking uses raw scores: they leave the scale
    // a user the model never saw: drop user 0's ratings from training
    const keep = h.train.users.map((u) => (u === 0 ? 0 : 1));
    const pick = <T extends Int32Array | Float32Array>(a: T) => a.filter((_, k) => keep[k] === 1) as T;
    const train = { users: pick(h.train.users), items: pick(h.train.items), ratings: pick(h.train.ratings) };
    const cold = fitMatrixFactorization(train, h.valid, h.test, { ...shape, grid: [MF_DEFAULT] }).model;
    expect(cold.score(0, 3)).toBeCloseTo(cold.mean + cold.itemBias[3], 12);
  });
});
