import { describe, expect, it } from 'vitest';
import { densifyRows, toCsr } from './csr';
import { sample } from '../testing/fixtures';
import { joinTestSet } from './join';
import { prepare } from '../train/prepare';
import { randomSplit } from './split';

const d = sample(40, 30, 500);

describe('randomSplit', () => {
  it('is seeded, disjoint, complete and near the asked ratio', () => {
    const a = randomSplit(d.ratings, 0.2, 1);
    const b = randomSplit(d.ratings, 0.2, 1);
    const c = randomSplit(d.ratings, 0.2, 2);
    expect(b).toEqual(a);
    expect(c.test.ratings).not.toEqual(a.test.ratings);
    const n = d.ratings.ratings.length;
    expect(a.train.ratings.length + a.test.ratings.length).toBe(n);
    expect(a.test.ratings.length / n).toBeGreaterThan(0.13);
    expect(a.test.ratings.length / n).toBeLessThan(0.27);
    const key = (s: typeof a.train, k: number) => s.users[k] * 1000 + s.items[k];
    const trainKeys = new Set(Array.from(a.train.ratings, (_, k) => key(a.train, k)));
    for (let k = 0; k < a.test.ratings.length; k++) expect(trainKeys.has(key(a.test, k))).toBe(false);
  });
});

describe('CSR storage', () => {
  it('puts every rating in its row and densifies only the asked rows, zero-padded', () => {
    const m = toCsr(d.ratings, d.numUsers, d.numItems, true);
    expect([m.rows, m.cols]).toEqual([d.numItems, d.numUsers]);
    expect(m.rowPtr[m.rows]).toBe(d.ratings.ratings.length);
    const out = densifyRows(m, [2, -1], new Float32Array(2 * m.cols).fill(9));
    for (let u = 0; u < m.cols; u++) expect(out[m.cols + u]).toBe(0);
    const { users, items, ratings } = d.ratings;
    for (let k = 0; k < ratings.length; k++) if (items[k] === 2) expect(out[users[k]]).toBe(ratings[k]);
    const byUser = toCsr(d.ratings, d.numUsers, d.numItems, false);
    expect([byUser.rows, byUser.cols]).toEqual([d.numUsers, d.numItems]);
  });
});

describe('unseen users and items', () => {
  it('keeps test ratings AutoRec cannot reconstruct out of the model (cold-start.test.ts: how they are scored)', () => {
    const train = { users: Int32Array.of(0, 0, 1), items: Int32Array.of(0, 1, 0), ratings: Float32Array.of(4, 2, 3) };
    const test = { users: Int32Array.of(1, 2, 0), items: Int32Array.of(1, 0, 2), ratings: Float32Array.of(5, 1, 4) };
    const p = prepare({ train, test }, 3, 3, true);
    expect(p.trainMean).toBe(3);
    expect(p.test.values.length).toBe(1); // only (user 1, item 1) has both in training
    expect(p.unseen.ratings).toBe(2);
  });

  it('joinTestSet gives ids only the test file has new indices and counts them', () => {
    const base = sample(5, 4, 12);
    const extra = { ...base, userIds: Int32Array.from(base.userIds, (u) => u + 2), itemIds: base.itemIds };
    const j = joinTestSet(base, extra);
    expect(j.dataset.numUsers).toBe(7);
    expect(j.unseenUsers).toBe([...extra.ratings.users].filter((u) => extra.userIds[u] > 5).length);
    expect(j.unseenItems).toBe(0);
  });
});

describe('baselines', () => {
  it('computes the global-mean RMSE by hand and a bias model that beats it on learnable data', async () => {
    const { baselines } = await import('../baselines/bias-baselines');
    const train = { users: Int32Array.of(0, 1), items: Int32Array.of(0, 0), ratings: Float32Array.of(2, 4) };
    const test = { users: Int32Array.of(0), items: Int32Array.of(1), ratings: Float32Array.of(5) };
    expect(baselines({ train, test }, 2, 2, 1, 5).globalMean).toBeCloseTo(2, 9); // mean 3, error 2
    const d = sample(80, 60, 3000);
    const b = baselines(randomSplit(d.ratings, 0.1, 0), d.numUsers, d.numItems, 1, 5);
    expect(b.userItemBias).toBeLessThan(b.globalMean);
  });
});
