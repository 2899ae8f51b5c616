import { describe, expect, it } from 'vitest';
import { makeNormal, makeRng } from '../data/rng';
import { averageOf, chooseEnsemble, crossValidatedRmse, fitBlend, scoreOf } from './ensemble';

const NONE = { ratings: 0, sse: 0, absErr: 0 };
const RANGE = [1, 5] as const;

/** n ratings on 1..5 and `members` predictions of each: shrunk towards the mean by `shrink`, plus noise of `noise`. */
function fixture(n: number, members: number, shrink: number, noise: number, seed = 1) {
  const normal = makeNormal(makeRng(seed));
  const truth = Float32Array.from({ length: n }, () => Math.min(5, Math.max(1, Math.round(3.5 + normal()))));
  const preds = Array.from({ length: members }, () => Float32Array.from(truth, (t) => 3.5 + shrink * (t - 3.5) + noise * normal()));
  return { truth, preds };
}

describe('blends of members', () => {
  it('fits weights and intercept by least squares: recovers a known mix', () => {
    const { preds } = fixture(400, 2, 1, 1);
    const truth = Float32Array.from(preds[0], (a, k) => 0.3 * a + 0.9 * preds[1][k] - 0.5);
    const b = fitBlend(preds, truth);
    expect(b.fitted).toBe(true);
    expect(b.weights[0]).toBeCloseTo(0.3, 3);
    expect(b.weights[1]).toBeCloseTo(0.9, 3);
    expect(b.intercept).toBeCloseTo(-0.5, 2);
    expect(scoreOf(preds, truth, NONE, b).rmse).toBeLessThan(1e-3);
  });

  it('solves nearly identical members (the ridge), towards equal weights', () => {
    const { truth, preds } = fixture(300, 1, 0.8, 0.5);
    const twins = [preds[0], Float32Array.from(preds[0])];
    const b = fitBlend(twins, truth);
    expect(b.weights.every(Number.isFinite)).toBe(true);
    expect(b.weights[0]).toBeCloseTo(b.weights[1], 6);
  });

  it('clips a blend to the rating range and scores the unseen ratings with it', () => {
    const truth = Float32Array.of(5, 1);
    const p = Float32Array.of(5, 1);
    expect(scoreOf([p], truth, NONE, { weights: [2], intercept: 0, fitted: true }, RANGE).rmse).toBeCloseTo(Math.sqrt((0 + 1) / 2), 9); // 10 -> 5, 2 -> 2
    expect(scoreOf([p], truth, { ratings: 2, sse: 8, absErr: 4 }, averageOf(1), RANGE)).toEqual({ rmse: Math.sqrt(8 / 4), mae: 1 });
  });

  it('prefers fitted weights only when cross-validation says they beat the best average', () => {
    // members shrunk towards the mean (as L2-regularised models are): a fitted blend stretches them back
    const shrunk = fixture(3000, 3, 0.6, 0.5);
    const s = chooseEnsemble(shrunk.preds, shrunk.truth, NONE, { fit: true, range: RANGE });
    expect(s.blend.fitted).toBe(true);
    expect(s.size).toBe(3);
    expect(s.fittedRmse).toBe(s.rmse);
    expect(s.rmse).toBeLessThan(Math.min(...s.bySize) - 0.01);
    // cross-validated: above what the same fit scores on the data it was fitted on
    expect(s.rmse).toBeGreaterThan(scoreOf(shrunk.preds, shrunk.truth, NONE, fitBlend(shrunk.preds, shrunk.truth), RANGE).rmse);
    expect(crossValidatedRmse(shrunk.preds, shrunk.truth, NONE, RANGE)).toBe(s.rmse);
    // unbiased members of equal quality on few ratings: the plain average is already the best mix
    const fair = fixture(60, 3, 1, 0.8, 2);
    const f = chooseEnsemble(fair.preds, fair.truth, NONE, { fit: true, range: RANGE });
    expect(f.fittedRmse).toBeGreaterThan(f.rmse);
    expect(f.blend).toEqual(averageOf(f.size));
    // without fit: averages only
    expect(chooseEnsemble(shrunk.preds, shrunk.truth, NONE, { range: RANGE }).blend.fitted).toBe(false);
  });
});
