import type { RatingTriples, Split } from '../data/types';
import type { Trainer } from '../train/trainer';

export interface Recommendation {
  /** Dense item index. */
  item: number;
  predicted: number;
  /** The held-out rating, for items in the user's test set (in the top list too: such an item is unseen in training). */
  actual?: number;
  /** The item's number of training ratings (top items only). */
  trainRatings?: number;
}

export interface RecommendResult {
  top: Recommendation[];
  heldOut: Recommendation[];
  /** Items with fewer training ratings than this were not recommended. */
  minRatings: number;
  /** What minRatings is when not asked for (defaultMinRatings). */
  defaultMinRatings: number;
  /** Items with at least minRatings training ratings. */
  eligibleItems: number;
}

/** The default of "minimum ratings per recommended item" on full-size data. */
export const MIN_RATINGS = 20;
/** ...lowered on small data until at least this many items (or half of them, if fewer) can be recommended. */
export const MIN_ELIGIBLE_ITEMS = 100;

/** Training ratings per item (dense index). */
export function ratingsPerItem(train: RatingTriples, numItems: number): Int32Array {
  const counts = new Int32Array(numItems);
  for (let j = 0; j < train.items.length; j++) counts[train.items[j]]++;
  return counts;
}

/**
 * The default minimum of training ratings for an item to be recommended: MIN_RATINGS (an item rated by a
 * handful of users gets a prediction its few raters pushed to the top of the scale, 5.00 for an obscure
 * film on ml-latest-small), or on small data the highest lower value that still leaves
 * min(MIN_ELIGIBLE_ITEMS, half the items) items to recommend (0 at worst).
 */
export function defaultMinRatings(counts: ArrayLike<number>): number {
  const need = Math.min(MIN_ELIGIBLE_ITEMS, Math.ceil(counts.length / 2));
  for (let t = MIN_RATINGS; t > 0; t--) {
    let n = 0;
    for (let i = 0; i < counts.length && n < need; i++) if (counts[i] >= t) n++;
    if (n >= need) return t;
  }
  return 0;
}

/**
 * Top-k unseen items for a user (items the user rated in training or validation are excluded, and so are
 * items with fewer than `minRatings` training ratings: defaultMinRatings when not given) and the user's
 * held-out test ratings with the kept model's predictions beside them. A top item that is in the user's
 * test set carries its held-out rating (`actual`).
 */
export async function recommendFor(
  trainer: Trainer,
  split: Split & { valid?: RatingTriples },
  user: number,
  k = 10,
  minRatings?: number,
): Promise<RecommendResult> {
  const scores = await trainer.predictUser(user);
  const counts = ratingsPerItem(split.train, scores.length);
  const byDefault = defaultMinRatings(counts);
  const min = minRatings === undefined || !Number.isFinite(minRatings) ? byDefault : Math.max(0, Math.floor(minRatings));
  const seen = new Set<number>();
  for (const known of split.valid ? [split.train, split.valid] : [split.train]) {
    for (let j = 0; j < known.users.length; j++) if (known.users[j] === user) seen.add(known.items[j]);
  }
  const heldOut: Recommendation[] = [];
  const actual = new Map<number, number>();
  for (let j = 0; j < split.test.users.length; j++) {
    if (split.test.users[j] !== user) continue;
    const item = split.test.items[j];
    heldOut.push({ item, predicted: scores[item], actual: split.test.ratings[j] });
    actual.set(item, split.test.ratings[j]);
  }
  const candidates: number[] = [];
  let eligibleItems = 0;
  for (let i = 0; i < scores.length; i++) {
    if (counts[i] < min) continue;
    eligibleItems++;
    if (!seen.has(i)) candidates.push(i);
  }
  candidates.sort((a, b) => scores[b] - scores[a]);
  const top = candidates.slice(0, k).map((item) => ({ item, predicted: scores[item], trainRatings: counts[item], ...(actual.has(item) ? { actual: actual.get(item) } : {}) }));
  return { top, heldOut, minRatings: min, defaultMinRatings: byDefault, eligibleItems };
}
