import { describe, expect, it } from 'vitest';
import type { RatingTriples } from '../data/types';
import { DEFAULT_MIN_ITEM_RATINGS, defaultMinRatings, ratingsPerItem, recommendFor } from './recommend';
import type { Served } from './served';

/** recommendFor reads nothing of the model but its unclipped predictions for the user and the rating scale (1–5). */
const trainerWith = (scores: number[]) => ({ predictUser: async () => Float32Array.from(scores), ratingMin: 1, ratingMax: 5 }) as unknown as Served;

const triples = (rows: [number, number, number][]): RatingTriples => ({
  users: Int32Array.from(rows.map((r) => r[0])),
  items: Int32Array.from(rows.map((r) => r[1])),
  ratings: Float32Array.from(rows.map((r) => r[2])),
});

/** `n` ratings of `item` by users 10, 11, ... */
const ratingsOf = (item: number, n: number): [number, number, number][] => Array.from({ length: n }, (_, k) => [10 + k, item, 4]);

describe('recommendFor', () => {
  // Items 0..5; item 0 (score 5.0) has 1 training rating, item 1 (4.9) 2, items 2..5 have 30 each.
  const scores = [5.0, 4.9, 4.0, 3.5, 3.0, 2.5];
  const train = triples([...ratingsOf(0, 1), ...ratingsOf(1, 2), ...ratingsOf(2, 30), ...ratingsOf(3, 30), ...ratingsOf(4, 30), ...ratingsOf(5, 30), [0, 5, 3]]);
  const test = triples([
    [0, 3, 4],
    [0, 1, 2],
  ]);

  it('leaves out items with fewer training ratings than asked, and says how many items qualify', async () => {
    const all = await recommendFor(trainerWith(scores), { train, test }, 0, 10, 0);
    expect(all.top.map((r) => r.item)).toEqual([0, 1, 2, 3, 4]); // item 5 is the user's own training rating
    expect(all.eligibleItems).toBe(6);
    const filtered = await recommendFor(trainerWith(scores), { train, test }, 0, 10, 5);
    expect(filtered.top.map((r) => r.item)).toEqual([2, 3, 4]);
    expect(filtered.top.map((r) => r.trainRatings)).toEqual([30, 30, 30]);
    expect(filtered.minRatings).toBe(5);
    expect(filtered.eligibleItems).toBe(4);
    expect((await recommendFor(trainerWith(scores), { train, test }, 0, 10, 2)).top.map((r) => r.item)).toEqual([1, 2, 3, 4]);
  });

  it('uses the default for the data when no minimum is asked for', async () => {
    const r = await recommendFor(trainerWith(scores), { train, test }, 0);
    // 6 items: at least 3 must qualify; 4 items have 30 ratings, so the full default holds
    expect(r.defaultMinRatings).toBe(DEFAULT_MIN_ITEM_RATINGS);
    expect(r.minRatings).toBe(DEFAULT_MIN_ITEM_RATINGS);
    expect(r.top.map((r) => r.item)).toEqual([2, 3, 4]);
  });

  it('marks a recommended item that is in the held-out set with its held-out rating', async () => {
    const r = await recommendFor(trainerWith(scores), { train, test }, 0, 10, 0);
    expect(r.top.find((x) => x.item === 3)?.actual).toBe(4);
    expect(r.top.find((x) => x.item === 1)?.actual).toBe(2);
    expect(r.top.filter((x) => x.actual !== undefined).map((x) => x.item)).toEqual([1, 3]);
    expect(r.heldOut).toEqual([
      { item: 3, predicted: 3.5, score: 3.5, actual: 4 },
      { item: 1, predicted: Math.fround(4.9), score: Math.fround(4.9), actual: 2 },
    ]);
  });

  it('ranks by the unclipped prediction: two items clipped to the top keep their order, and show the top', async () => {
    // items 0 and 1 both clip to 5; unclipped, item 1 (5.6) is above item 0 (5.2); item 2 (4.5) is within the scale
    const r = await recommendFor(trainerWith([5.2, 5.6, 4.5, 1, 1, 1]), { train, test }, 0, 3, 0);
    expect(r.top.map((x) => x.item)).toEqual([1, 0, 2]);
    expect(r.top.map((x) => x.predicted)).toEqual([5, 5, 4.5]);
    expect(r.top.map((x) => x.score)).toEqual([Math.fround(5.6), Math.fround(5.2), 4.5]);
  });

  it('never recommends what the user rated in training or validation', async () => {
    const valid = triples([[0, 2, 5]]);
    const r = await recommendFor(trainerWith(scores), { train, test, valid }, 0, 10, 0);
    expect(r.top.map((x) => x.item)).toEqual([0, 1, 3, 4]);
  });
});

describe('defaultMinRatings', () => {
  it('is DEFAULT_MIN_ITEM_RATINGS where enough items have that many ratings (ml-latest-small, ml-100k)', () => {
    const counts = Array.from({ length: 9000 }, (_, i) => (i < 1200 ? 25 + i : 1 + (i % 5)));
    expect(defaultMinRatings(counts)).toBe(20);
  });

  it('is lower on small data: the highest minimum that leaves half the items (at most 100)', () => {
    expect(defaultMinRatings([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(6); // 5 items have at least 6
    expect(defaultMinRatings(Array.from({ length: 300 }, (_, i) => i % 30))).toBe(20); // 100 items have at least 20
    expect(defaultMinRatings(Array.from({ length: 300 }, (_, i) => i % 20))).toBe(13); // 15 items per count 0..19: 105 have 13 or more, 90 have 14
  });

  it('is 0 when hardly any item has a rating', () => {
    expect(defaultMinRatings([1, 1, 0, 0, 0, 0])).toBe(0);
    expect(ratingsPerItem(triples([[0, 1, 4], [1, 1, 2]]), 3)).toEqual(Int32Array.of(0, 2, 0));
  });
});
