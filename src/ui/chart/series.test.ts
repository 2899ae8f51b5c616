import { expect, it } from 'vitest';
import { debiasedEma, overfitting, series, xs } from './series';
import { ep } from '../../testing/test-epochs';

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

it('leaves out epochs without a validation RMSE', () => {
  const e = [ep(1, 3, 1), ep(2, 2, 0.9, 0.95)];
  expect(series(e, 'validRmse', 'epoch', 0.5)).toEqual({ raw: [{ x: 2, y: 0.95 }], smooth: [{ x: 2, y: 0.95 }] });
  expect(series([ep(1, 3, 1)], 'validRmse', 'epoch', 0).raw).toEqual([]);
});

it('hints at overfitting when validation RMSE rises while train loss falls, whatever the test RMSE does', () => {
  const good = [ep(1, 4, 1.0, 1.0), ep(2, 3, 0.95, 0.96), ep(3, 2, 0.93, 0.94), ep(4, 1.5, 0.92, 0.93)];
  expect(overfitting(good)).toBeUndefined();
  const bad = [ep(1, 4, 1.0, 1.0), ep(2, 3, 0.9, 0.9), ep(3, 2, 0.89, 0.93), ep(4, 1.5, 0.88, 0.95)];
  expect(overfitting(bad)).toBe('validation');
});

it('watches test RMSE when there is no validation share', () => {
  const good = [ep(1, 4, 1.0), ep(2, 3, 0.95), ep(3, 2, 0.93), ep(4, 1.5, 0.92)];
  expect(overfitting(good)).toBeUndefined();
  const bad = [ep(1, 4, 1.0), ep(2, 3, 0.9), ep(3, 2, 0.93), ep(4, 1.5, 0.95)];
  expect(overfitting(bad)).toBe('test');
});
