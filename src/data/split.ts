import { makeRng } from './rng';
import type { RatingTriples, Split } from './types';

/** Keeps the ratings at the given positions. */
export function pick(r: RatingTriples, keep: Int32Array): RatingTriples {
  const users = new Int32Array(keep.length);
  const items = new Int32Array(keep.length);
  const ratings = new Float32Array(keep.length);
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k];
    users[k] = r.users[i];
    items[k] = r.items[i];
    ratings[k] = r.ratings[i];
  }
  return { users, items, ratings };
}

/**
 * Seeded random split as in d2l: each rating goes to training with probability 1 - testRatio,
 * independently, so the test share is testRatio on average.
 */
export function randomSplit(r: RatingTriples, testRatio: number, seed: number): Split {
  const uniform = makeRng(seed);
  const n = r.ratings.length;
  const trainIdx = new Int32Array(n);
  const testIdx = new Int32Array(n);
  let nTrain = 0;
  let nTest = 0;
  for (let i = 0; i < n; i++) {
    if (uniform() < 1 - testRatio) trainIdx[nTrain++] = i;
    else testIdx[nTest++] = i;
  }
  return { train: pick(r, trainIdx.subarray(0, nTrain)), test: pick(r, testIdx.subarray(0, nTest)) };
}
