import { expect, it } from 'vitest';
import { epochAxis, extent, niceAxis, niceStep, stickyAxis } from './axis';

it('steps on 1, 2, 2.5 and 5 times a power of ten', () => {
  expect([0.031, 0.2, 0.24, 0.26, 7, 12].map((v) => niceStep(v))).toEqual([0.05, 0.2, 0.25, 0.5, 10, 20]);
  expect([0.3, 2.4, 12].map((v) => niceStep(v, true))).toEqual([1, 5, 20]);
});

it('bounds data on round numbers, from 0 at the lowest for data that is not negative', () => {
  expect(niceAxis(0.93, 1.12)).toEqual({ domain: [0.9, 1.15], ticks: [0.9, 0.95, 1, 1.05, 1.1, 1.15], digits: 2 });
  expect(niceAxis(0.2, 9).domain).toEqual([0, 10]);
  expect(niceAxis(1, 1).domain[0]).toBeLessThan(1);
  expect(niceAxis(1, 1).domain[1]).toBeGreaterThan(1);
});

it('keeps its axis while the data stay inside and fill enough of it', () => {
  const a = stickyAxis(undefined, 0.93, 1.12);
  expect(stickyAxis(a, 0.95, 1.1)).toBe(a);
  expect(stickyAxis(a, 0.85, 1.1).domain[0]).toBeLessThanOrEqual(0.85);
  expect(stickyAxis(a, 1.0, 1.02)).not.toBe(a);
  expect(stickyAxis(a, undefined, undefined)).toBe(a);
  expect(stickyAxis(undefined, undefined, undefined).domain).toEqual([0, 1]);
});

it('numbers epochs from 1 with round ticks', () => {
  expect(epochAxis(25)).toEqual({ domain: [1, 25], ticks: [1, 5, 10, 15, 20, 25], digits: 0 });
  expect(epochAxis(2).ticks).toEqual([1, 2]);
});

it('finds the extent of finite values', () => {
  expect(extent([3, NaN, 1, 2])).toEqual([1, 3]);
  expect(extent([], [1, 2])).toEqual([1, 2]);
  expect(extent([])).toBeUndefined();
});
