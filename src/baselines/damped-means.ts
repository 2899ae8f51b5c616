import type { RatingTriples } from '../data/types';

/** The mean of the ratings (0 for none). */
export function meanRating(ratings: Float32Array): number {
  let sum = 0;
  for (let k = 0; k < ratings.length; k++) sum += ratings[k];
  return ratings.length > 0 ? sum / ratings.length : 0;
}

/** Ratings per index (user or item): counts[j] = how many k have by[k] === j. */
export function countBy(by: Int32Array, size: number): Int32Array {
  const counts = new Int32Array(size);
  for (let k = 0; k < by.length; k++) counts[by[k]]++;
  return counts;
}

/**
 * Each user's (or item's) damped mean residual: the sum of rating - mean - the other side's bias over its
 * ratings, over (its count + damping), as if `damping` more ratings sat exactly at mean + bias. With
 * `by = users, other = items` it is a user bias; the other way round an item bias; `otherBias` absent: no other side.
 */
export function dampedResiduals(
  r: RatingTriples,
  by: 'users' | 'items',
  counts: Int32Array,
  mean: number,
  damping: number,
  otherBias?: Float64Array,
): Float64Array<ArrayBuffer> {
  const index = r[by];
  const other = by === 'users' ? r.items : r.users;
  const sum = new Float64Array(counts.length);
  for (let k = 0; k < index.length; k++) sum[index[k]] += r.ratings[k] - mean - (otherBias ? otherBias[other[k]] : 0);
  for (let j = 0; j < sum.length; j++) sum[j] /= counts[j] + damping;
  return sum;
}
