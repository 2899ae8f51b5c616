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
 * Each rating drawn independently with probability `share` (so the drawn share is `share` on average):
 * `rest` keeps the others, both in their original order.
 */
export function drawShare(r: RatingTriples, share: number, uniform: () => number): { rest: RatingTriples; drawn: RatingTriples } {
  const n = r.ratings.length;
  const restIdx = new Int32Array(n);
  const drawnIdx = new Int32Array(n);
  let nRest = 0;
  let nDrawn = 0;
  for (let i = 0; i < n; i++) {
    if (uniform() < 1 - share) restIdx[nRest++] = i;
    else drawnIdx[nDrawn++] = i;
  }
  return { rest: pick(r, restIdx.subarray(0, nRest)), drawn: pick(r, drawnIdx.subarray(0, nDrawn)) };
}

/** Seeded random split as in d2l: each rating goes to training with probability 1 - testRatio, independently. */
export function randomSplit(r: RatingTriples, testRatio: number, seed: number): Split {
  const { rest, drawn } = drawShare(r, testRatio, makeRng(seed));
  return { train: rest, test: drawn };
}
