import { describe, expect, it } from 'vitest';
import { ColdStart, DAMPING } from './cold-start';
import { prepare } from '../train/prepare';

const triples = (rows: [number, number, number][]) => ({
  users: Int32Array.from(rows, (r) => r[0]),
  items: Int32Array.from(rows, (r) => r[1]),
  ratings: Float32Array.from(rows, (r) => r[2]),
});

describe('the cold-start baseline', () => {
  // mean 3; user 0 rates 4 and 2 (bias 0), user 1 rates 3 (bias 0); item 0 gets 4 and 3 (bias 1/7), item 1 gets 2 (bias -1/6)
  const train = triples([
    [0, 0, 4],
    [0, 1, 2],
    [1, 0, 3],
  ]);

  it('predicts an unseen user by the item, an unseen item by the user, with the newcomer offsets (by hand)', () => {
    const c = new ColdStart(train, 3, 3);
    expect(c.mean).toBe(3);
    // every item and user here is rare (at most 2 ratings): the offsets are the damped mean residuals of all ratings
    expect(c.newItem).toBeCloseTo(0 / (3 + DAMPING), 12);
    const newUser = (4 - 3 - 1 / 7 + (2 - 3 + 1 / 6) + (3 - 3 - 1 / 7)) / (3 + DAMPING);
    expect(c.newUser).toBeCloseTo(newUser, 12);
    expect(c.predict(2, 0)).toBeCloseTo(3 + 1 / 7 + newUser, 6);
    expect(c.predict(0, 2)).toBeCloseTo(3, 6);
    expect(c.predict(2, 2)).toBeCloseTo(3 + newUser, 6);
    expect(c.known(1, 1)).toBe(true);
    expect(c.known(2, 0)).toBe(false);
  });

  it('ranks a generous user above a harsh one on a new item, lowers new items when rare items are rated low, stays in range', () => {
    const rows: [number, number, number][] = [];
    // 20 common items: user 0 rates them 5, user 1 rates them 1, users 2.. rate 3 or 4
    for (let i = 0; i < 20; i++) rows.push([0, i, 5], [1, i, 1], [2, i, 4], [3, i, 3]);
    // 10 rare items, one rating each, low
    for (let i = 20; i < 30; i++) rows.push([2 + (i % 2), i, 1]);
    const c = new ColdStart(triples(rows), 4, 31);
    expect(c.newItem).toBeLessThan(-1);
    expect(c.predict(0, 30)).toBeGreaterThan(c.predict(1, 30));
    expect(c.predict(2, 30)).toBeLessThan(c.mean + 0.5); // user 2's own bias is positive; the newcomer offset pulls down
    for (let u = 0; u < 4; u++) {
      expect(c.predict(u, 30)).toBeGreaterThanOrEqual(1);
      expect(c.predict(u, 30)).toBeLessThanOrEqual(5);
    }
  });

  it('is what prepare scores held-out ratings of unseen users and items with', () => {
    const test = triples([
      [1, 1, 5],
      [2, 0, 1],
      [0, 2, 4],
    ]);
    const p = prepare({ train, test }, 3, 3, true);
    const c = new ColdStart(train, 3, 3);
    expect(p.test.values.length).toBe(1); // only (user 1, item 1) has both in training
    const e1 = 1 - c.predict(2, 0);
    const e2 = 4 - c.predict(0, 2);
    expect(p.unseen.ratings).toBe(2);
    expect(p.unseen.sse).toBeCloseTo(e1 * e1 + e2 * e2, 9);
    expect(p.unseen.absErr).toBeCloseTo(Math.abs(e1) + Math.abs(e2), 9);
  });
});
