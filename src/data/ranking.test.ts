import { describe, expect, it } from 'vitest';
import type { RatingTriples } from './types';
import { mostPopular, rankedBy, RankingTask, ratingStep, relevanceThreshold } from './ranking';

const triples = (rows: [number, number, number][]): RatingTriples => ({
  users: Int32Array.from(rows.map((r) => r[0])),
  items: Int32Array.from(rows.map((r) => r[1])),
  ratings: Float32Array.from(rows.map((r) => r[2])),
});

// 3 users, 12 items, scale 1–5 (relevant: 4 and up).
// user 0: trained on items 0, 1; test 2 (5), 3 (4), 4 (2): relevant {2, 3}
// user 1: trained on item 2; test 5 (3): nothing relevant, left out
// user 2: trained on item 0, validated on item 1; test 11 (5): relevant {11}
const split = {
  train: triples([
    [0, 0, 5],
    [0, 1, 3],
    [1, 2, 4],
    [2, 0, 4],
  ]),
  valid: triples([[2, 1, 4]]),
  test: triples([
    [0, 2, 5],
    [0, 3, 4],
    [0, 4, 2],
    [1, 5, 3],
    [2, 11, 5],
  ]),
};
const task = () => new RankingTask(split, 3, 12, 4);

describe('the relevance threshold', () => {
  it('is 4 on 1–5, 3.5 on half stars, the top 40% of the scale elsewhere', () => {
    expect(relevanceThreshold(1, 5, ratingStep([1, 2, 5]))).toBe(4);
    expect(relevanceThreshold(0.5, 5, ratingStep([0.5, 3, 4.5]))).toBe(3.5);
    expect(relevanceThreshold(1, 10, 1)).toBe(7);
    expect(relevanceThreshold(0, 1, 1)).toBe(1);
    expect(relevanceThreshold(-10, 10, ratingStep([-9.37, 2]))).toBe(2);
  });
});

describe('RankingTask', () => {
  it('measures users with a relevant test rating only', () => {
    const t = task();
    expect(Array.from(t.users)).toEqual([0, 2]);
    expect(t.usersWithRelevant).toBe(2);
  });

  it('gives precision, recall and NDCG at 10 as worked out by hand', () => {
    // user 0's top 10: relevant item 3 at rank 1 and item 2 at rank 4: 2 hits of 2 relevant
    //   P = 2/10 = 0.2, R = 2/2 = 1
    //   DCG = 1/log2(2) + 1/log2(5) = 1 + 0.4306766 = 1.4306766; IDCG = 1/log2(2) + 1/log2(3) = 1 + 0.6309298 = 1.6309298
    //   NDCG = 1.4306766 / 1.6309298 = 0.8772155
    // user 2's list: relevant item 11 at rank 3, the rest empty (-1)
    //   P = 1/10 = 0.1, R = 1/1 = 1, DCG = 1/log2(4) = 0.5, IDCG = 1: NDCG = 0.5
    // means: P = (0.2 + 0.1)/2 = 0.15, R = 1, NDCG = (0.8772155 + 0.5)/2 = 0.6886078
    const top = [3, 5, 6, 2, 7, 8, 9, 10, 11, 4, 2, 3, 11, -1, -1, -1, -1, -1, -1, -1];
    const f = task().measure(top);
    expect(f.precision).toBeCloseTo(0.15, 10);
    expect(f.recall).toBeCloseTo(1, 10);
    expect(f.ndcg).toBeCloseTo(0.6886078, 6);
    expect(f.users).toBe(2);
    // the same lists, user 0's hits one place lower each (ranks 2 and 5):
    //   DCG = 1/log2(3) + 1/log2(6) = 0.6309298 + 0.3868528 = 1.0177826; NDCG = 1.0177826 / 1.6309298 = 0.6240503
    //   mean NDCG = (0.6240503 + 0.5)/2 = 0.5620252
    const lower = [5, 3, 6, 7, 2, 8, 9, 10, 11, 4, ...top.slice(10)];
    expect(task().measure(lower).ndcg).toBeCloseTo(0.5620252, 6);
  });

  it('takes each user\'s top 10 from scores over every item, leaving out what they rated in training or validation', () => {
    const t = task();
    const scores = new Float32Array(2 * 12);
    // user 0: items 0 and 1 score highest but are trained on; 5 and 6 tie (the lower item first); 7..11 tie at 0
    scores.set([9, 9, 2, 8, 1, 3, 3, 0, 0, 0, 0, 0], 0);
    // user 2: item 1 (validation) is out too; 11 scores highest of the rest
    scores.set([9, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 12);
    const top = t.topFromScores(scores);
    expect(Array.from(top.subarray(0, 10))).toEqual([3, 5, 6, 2, 4, 7, 8, 9, 10, 11]);
    expect(Array.from(top.subarray(10))).toEqual([11, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('measures a seeded sample of users when more qualify than the cap', () => {
    const one = new RankingTask(split, 3, 12, 4, { maxUsers: 1, seed: 3 });
    expect(one.users.length).toBe(1);
    expect(one.usersWithRelevant).toBe(2);
    expect(new RankingTask(split, 3, 12, 4, { maxUsers: 1, seed: 3 }).users).toEqual(one.users);
    expect(new RankingTask(split, 3, 12, 4, { maxScores: 12 }).users.length).toBe(1);
  });
});

describe('mostPopular', () => {
  it('recommends the most-rated training items each user has not rated, measured by hand', () => {
    // training counts: item 0: 2, item 1: 1, item 2: 1, the rest 0 (the validation rating of item 1 does not count)
    // order: 0, 1, 2, 3, ..., 11
    // user 0 (rated 0, 1): [2, 3, 4, ..., 11]: hits 2 (rank 1), 3 (rank 2): P = 0.2, R = 1, NDCG = IDCG/IDCG = 1
    // user 2 (rated 0, validated 1): [2, 3, ..., 11]: hit 11 at rank 10: P = 0.1, R = 1,
    //   NDCG = (1/log2(11)) / 1 = 0.2890648
    // means: P = 0.15, R = 1, NDCG = (1 + 0.2890648)/2 = 0.6445324
    const f = mostPopular(task(), split.train);
    expect(f.precision).toBeCloseTo(0.15, 10);
    expect(f.recall).toBeCloseTo(1, 10);
    expect(f.ndcg).toBeCloseTo(0.6445324, 6);
  });
});

describe('rankedBy', () => {
  it('ranks each user by a host model\'s scores, seen items left out (the reverse of the most popular order)', () => {
    // the reverse order (11, 10, ..., 0): user 0's top 10 is [11 .. 2] (0 and 1 seen): hits 2 (rank 10), 3 (rank 9):
    // P = 0.2, R = 1, DCG = 1/log2(10) + 1/log2(11); user 2's top is [11, 10, ..., 2]: 11 at rank 1: P 0.1, R 1, NDCG 1
    const reverse = (_user: number) => Float64Array.from({ length: 12 }, (_, i) => i);
    const f = rankedBy(task(), reverse);
    const idcg = 1 + 1 / Math.log2(3);
    expect(f.precision).toBeCloseTo(0.15, 10);
    expect(f.recall).toBeCloseTo(1, 10);
    expect(f.ndcg).toBeCloseTo(((1 / Math.log2(10) + 1 / Math.log2(11)) / idcg + 1) / 2, 10);
  });
});
