import { expect, it } from 'vitest';
import type { EpochStats } from '../worker/messages';
import { debiasedEma, overfitting, series, xs } from './series';

const ep = (epoch: number, trainLoss: number, testRmse: number, best = testRmse): EpochStats => ({
  epoch, trainLoss, testRmse, trainRmse: 0, testMae: 0, bestEpoch: 1, bestTestRmse: best, ms: 500, tensors: 0, tensorBytes: 0,
});

it('debiases the EMA so the first point equals the first value', () => {
  expect(debiasedEma([2, 4], 0.5)).toEqual([2, (0.5 * 0.5 * 2 + 0.5 * 4) / 0.75]);
  expect(debiasedEma([3, 1, 4], 0)).toEqual([3, 1, 4]);
});

it('puts epochs on x, or cumulative seconds', () => {
  const e = [ep(1, 3, 1), ep(2, 2, 0.9)];
  expect(xs(e, 'epoch')).toEqual([1, 2]);
  expect(xs(e, 'seconds')).toEqual([0.5, 1]);
  expect(series(e, 'testRmse', 'epoch', 0).raw).toEqual([{ x: 1, y: 1 }, { x: 2, y: 0.9 }]);
});

it('hints at overfitting only when test RMSE rises while train loss falls', () => {
  const good = [ep(1, 4, 1.0), ep(2, 3, 0.95), ep(3, 2, 0.93), ep(4, 1.5, 0.92)];
  expect(overfitting(good)).toBe(false);
  const bad = [ep(1, 4, 1.0), ep(2, 3, 0.9), ep(3, 2, 0.93, 0.9), ep(4, 1.5, 0.95, 0.9)];
  expect(overfitting(bad)).toBe(true);
});
