import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import { D2L_DEFAULTS } from '../config/settings';
import { itemVectors, nearestItems, projectPca, topEigen } from './item-map';
import { setupRun } from '../train/setup-run';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('topEigen finds the leading eigenpairs of a symmetric matrix', () => {
  // eigenvalues 5 (along (1,1)/√2), 1 (along (1,-1)/√2), 0.5 (z)
  const { values, vectors } = topEigen(Float64Array.of(3, 2, 0, 2, 3, 0, 0, 0, 0.5), 3, 2);
  expect(values[0]).toBeCloseTo(5, 6);
  expect(values[1]).toBeCloseTo(1, 6);
  expect(Math.abs(vectors[0][0])).toBeCloseTo(Math.SQRT1_2, 6);
  expect(vectors[1][0] * vectors[1][1]).toBeCloseTo(-0.5, 6);
});

it('topEigen started from the last axes finds the same ones in a few steps', () => {
  // a 40 x 40 covariance with close leading eigenvalues (slow from a cold start), then the same moved a little
  const d = 40;
  const cov = (shift: number) => {
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = (i === j ? 1 + 10 / (i + 1) : 0) + 0.3 * Math.cos(i + j + shift) / d;
    return a;
  };
  const first = topEigen(cov(0), d, 2);
  const cold = topEigen(cov(0.05), d, 2);
  const warm = topEigen(cov(0.05), d, 2, 200, first.vectors);
  warm.values.forEach((v, k) => expect(v).toBeCloseTo(cold.values[k], 6));
  warm.vectors.forEach((v, k) => v.forEach((x, i) => expect(x).toBeCloseTo(cold.vectors[k][i], 4)));
  expect(warm.steps[0] + warm.steps[1], `warm ${warm.steps}, cold ${cold.steps}`).toBeLessThan((cold.steps[0] + cold.steps[1]) / 2);
  // a start of another length is ignored
  expect(topEigen(cov(0.05), d, 2, 200, [new Float64Array(3)]).steps).toEqual(cold.steps);
});

it('projectPca puts the direction of most spread on the x axis and every row on the map', async () => {
  // 5000 rows in 4-D (more than the covariance sample): wide along (1,1,0,0), narrow along (0,0,1,0)
  const n = 5000;
  const rows = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const t = (i / n - 0.5) * 10;
    const s = Math.sin(i) * 0.5;
    rows.set([t + 3, t - 1, s, 0.01 * Math.cos(i)], i * 4);
  }
  const X = tf.tensor2d(rows, [n, 4]);
  const p = await projectPca(X);
  X.dispose();
  expect(p.x.length).toBe(n);
  expect(p.explained[0]).toBeGreaterThan(0.95);
  expect(p.explained[1]).toBeGreaterThan(0.001);
  // x follows t (the sign is fixed: the largest component of the axis is positive), y follows s
  expect(p.x[n - 1] - p.x[0]).toBeCloseTo(10 * Math.SQRT2, 1);
  expect(Math.abs(p.y[7] - p.y[3])).toBeCloseTo(Math.abs(0.5 * (Math.sin(7) - Math.sin(3))), 2);
});

it('nearestItems ranks by cosine similarity and skips the item itself and ineligible ones', async () => {
  const X = tf.tensor2d([1, 0, 0.9, 0.1, -1, 0, 2, 0.05, 0, 1], [5, 2]);
  expect((await nearestItems(X, 0, 3)).map((r) => r.item)).toEqual([3, 1, 4]);
  expect((await nearestItems(X, 0, 2, (i) => i !== 3)).map((r) => r.item)).toEqual([1, 4]);
  X.dispose();
});

it.each(['I', 'U'] as const)('%s-AutoRec: one vector per item, as long as the hidden layer', async (variant) => {
  const d = generateDemo({ users: 40, items: 25, ratings: 400, seed: 2 });
  const { trainer } = setupRun(d, { ...D2L_DEFAULTS, variant, hidden: 6, batchSize: 8 }, { backend: 'cpu' });
  await trainer.trainEpoch();
  const v = itemVectors(trainer);
  expect(v.shape).toEqual([25, 6]);
  v.dispose();
  trainer.dispose();
});
