import { describe, expect, it } from 'vitest';
import { sample } from '../testing/fixtures';
import { carveValidation, holdoutProblem, makeHoldout, removeOverlap, untrainable } from './holdout';
import { prepare } from '../train/prepare';
import { pick, randomSplit } from './split';
import type { RatingTriples } from './types';

const d = sample(50, 40, 900, 7);
const keys = (r: RatingTriples, numItems: number) => new Set(Array.from(r.users, (u, k) => u * numItems + r.items[k]));

describe('removeOverlap', () => {
  it('drops exactly the training pairs the test set holds, whatever their rating', () => {
    // a test file that repeats every 3rd rating of the ratings file (as u1.test repeats u.data), with other ratings
    const every3 = Int32Array.from({ length: Math.ceil(d.ratings.ratings.length / 3) }, (_, k) => 3 * k);
    const test = { ...pick(d.ratings, every3), ratings: pick(d.ratings, every3).ratings.map((r) => 6 - r) };
    const { train, removed } = removeOverlap(d.ratings, test, d.numUsers);
    expect(removed).toBe(every3.length);
    expect(train.ratings.length).toBe(d.ratings.ratings.length - every3.length);
    const testKeys = keys(test, d.numItems);
    for (const k of keys(train, d.numItems)) expect(testKeys.has(k)).toBe(false);
  });

  it('keeps training as it is (the same arrays) when nothing overlaps', () => {
    const s = randomSplit(d.ratings, 0.2, 3);
    const r = removeOverlap(s.train, s.test, d.numUsers);
    expect(r.removed).toBe(0);
    expect(r.train).toBe(s.train);
  });
});

describe('makeHoldout', () => {
  it('no test pair ever reaches the training or validation ratings, for any split kind', () => {
    const random = makeHoldout(d, { testRatio: 0.1, validRatio: 0.1, splitSeed: 4 });
    const half = Int32Array.from({ length: 400 }, (_, k) => 2 * k);
    const file = makeHoldout(d, { testRatio: 0.1, validRatio: 0.1, splitSeed: 4 }, { train: d.ratings, test: pick(d.ratings, half) });
    expect(file.overlapRemoved).toBe(400);
    for (const h of [random, file]) {
      const test = keys(h.test, d.numItems);
      const valid = keys(h.valid, d.numItems);
      for (const k of keys(h.train, d.numItems)) {
        expect(test.has(k)).toBe(false);
        expect(valid.has(k)).toBe(false);
      }
      for (const k of valid) expect(test.has(k)).toBe(false);
      // and so none reaches the training matrix the trainer gets
      const p = prepare(h, d.numUsers, d.numItems, true);
      let entries = 0;
      for (let item = 0; item < p.train.rows; item++) {
        for (let e = p.train.rowPtr[item]; e < p.train.rowPtr[item + 1]; e++, entries++) expect(test.has(p.train.colIdx[e] * d.numItems + item)).toBe(false);
      }
      expect(entries).toBe(h.train.ratings.length);
    }
  });

  it('the split seed alone fixes the test and validation sets; 0 validation keeps all training', () => {
    const a = makeHoldout(d, { testRatio: 0.1, validRatio: 0.05, splitSeed: 9 });
    const b = makeHoldout(d, { testRatio: 0.1, validRatio: 0.05, splitSeed: 9 });
    const c = makeHoldout(d, { testRatio: 0.1, validRatio: 0.05, splitSeed: 10 });
    expect(b).toEqual(a);
    expect(c.test).not.toEqual(a.test);
    const none = makeHoldout(d, { testRatio: 0.1, validRatio: 0, splitSeed: 9 });
    expect(none.valid.ratings.length).toBe(0);
    expect(none.test).toEqual(a.test);
    expect(none.train.ratings.length).toBe(a.train.ratings.length + a.valid.ratings.length);
  });

  it('carves about the asked validation share', () => {
    const { train, valid } = carveValidation(d.ratings, 0.2, 1);
    const n = d.ratings.ratings.length;
    expect(train.ratings.length + valid.ratings.length).toBe(n);
    expect(valid.ratings.length / n).toBeGreaterThan(0.15);
    expect(valid.ratings.length / n).toBeLessThan(0.25);
  });
});

describe('what cannot train is refused before training', () => {
  it('one user or one item, or too few ratings', () => {
    const one = { source: 'one.data', numUsers: 1, numItems: 1, ratings: pick(d.ratings, Int32Array.of(0)) };
    expect(untrainable(one)).toBe('one.data has 1 distinct rating from 1 user on 1 item: AutoRec needs at least 2 users and 2 items to learn anything.');
    expect(untrainable({ ...one, numUsers: 3, numItems: 2, ratings: pick(d.ratings, Int32Array.of(0, 1, 2)) })).toMatch(/too few to split/);
    expect(untrainable(d)).toBeUndefined();
  });

  it('an empty test or validation set', () => {
    const tiny = sample(4, 4, 12, 2);
    expect(holdoutProblem(makeHoldout(tiny, { testRatio: 0.01, validRatio: 0, splitSeed: 0 }), { validRatio: 0 })).toMatch(/test set is empty/);
    const h = makeHoldout(d, { testRatio: 0.1, validRatio: 0, splitSeed: 0 });
    expect(holdoutProblem(h, { validRatio: 0.01 })).toMatch(/validation set is empty/);
    expect(holdoutProblem(h, { validRatio: 0 })).toBeUndefined();
  });
});
