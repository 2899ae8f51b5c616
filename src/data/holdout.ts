import { makeRng } from './rng';
import { drawShare, pick, randomSplit } from './split';
import type { Dataset, RatingTriples, Split } from './types';

/**
 * Train / validation / test, as a run uses them. Model selection (the kept epoch, early stopping, tuning)
 * looks at `valid`, never at `test`; the three share no (user, item) pair.
 */
export interface Holdout extends Split {
  readonly valid: RatingTriples;
  /** Training ratings dropped because the test set holds the same (user, item) pair. */
  readonly overlapRemoved: number;
}

export const NO_RATINGS: RatingTriples = { users: new Int32Array(0), items: new Int32Array(0), ratings: new Float32Array(0) };

/**
 * Drops the training ratings whose (user, item) pair is also in `test` (a second file that repeats
 * part of the ratings file, as ML-100K's u1.test does u.data): such a pair trained on would make the
 * test figure a training figure. O(train + test): the test pairs are bucketed by user.
 */
export function removeOverlap(train: RatingTriples, test: RatingTriples, numUsers: number): { train: RatingTriples; removed: number } {
  const start = new Int32Array(numUsers + 1);
  for (let k = 0; k < test.users.length; k++) start[test.users[k] + 1]++;
  for (let u = 0; u < numUsers; u++) start[u + 1] += start[u];
  const next = start.slice(0, numUsers);
  const items = new Int32Array(test.users.length);
  for (let k = 0; k < test.users.length; k++) items[next[test.users[k]]++] = test.items[k];
  for (let u = 0; u < numUsers; u++) items.subarray(start[u], start[u + 1]).sort();
  const keep = new Int32Array(train.users.length);
  let n = 0;
  for (let k = 0; k < train.users.length; k++) {
    const u = train.users[k];
    if (!sortedHas(items, start[u], start[u + 1], train.items[k])) keep[n++] = k;
  }
  const removed = train.users.length - n;
  return { train: removed === 0 ? train : pick(train, keep.subarray(0, n)), removed };
}

function sortedHas(a: Int32Array, lo: number, hi: number, v: number): boolean {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else if (a[mid] > v) hi = mid;
    else return true;
  }
  return false;
}

/** The seed stream of the validation draw, apart from the test split's (same splitSeed). */
const VALID_STREAM = 0x7a11d;

/**
 * Carves a seeded share of `train` out as validation: each rating independently with probability
 * `ratio` (as the random test split does), so the same splitSeed gives the same three sets.
 */
export function carveValidation(train: RatingTriples, ratio: number, seed: number): { train: RatingTriples; valid: RatingTriples } {
  if (ratio <= 0) return { train, valid: NO_RATINGS };
  const { rest, drawn } = drawShare(train, ratio, makeRng((seed ^ VALID_STREAM) >>> 0));
  return { train: rest, valid: drawn };
}

export interface HoldoutOptions {
  testRatio: number;
  validRatio: number;
  splitSeed: number;
}

/**
 * The one way a run's sets are made, for every kind of split: `given` is a preset split or a second
 * test file (train = the rest); without it the test share is drawn at random. Overlapping pairs leave
 * training, then validation comes out of what is left of training.
 */
export function makeHoldout(d: Pick<Dataset, 'ratings' | 'numUsers'>, o: HoldoutOptions, given?: Split): Holdout {
  const base = given ?? randomSplit(d.ratings, o.testRatio, o.splitSeed);
  const { train, removed } = removeOverlap(base.train, base.test, d.numUsers);
  const carved = carveValidation(train, o.validRatio, o.splitSeed);
  return { train: carved.train, valid: carved.valid, test: base.test, overlapRemoved: removed };
}

/**
 * Why a dataset cannot train at all (one user, one item, too few ratings), or undefined: said when it
 * is loaded, before anything replaces the data already loaded.
 */
export function untrainable(d: Pick<Dataset, 'numUsers' | 'numItems' | 'ratings' | 'source'>): string | undefined {
  const n = d.ratings.ratings.length;
  const { numUsers: users, numItems: items } = d; // dense ids: every index has a rating
  const found = `${d.source} has ${n} distinct rating${n === 1 ? '' : 's'} from ${users} user${users === 1 ? '' : 's'} on ${items} item${items === 1 ? '' : 's'}`;
  if (users < 2 || items < 2) return `${found}: AutoRec needs at least 2 users and 2 items to learn anything.`;
  if (n < MIN_RATINGS_TO_SPLIT) return `${found}: too few to split into training, validation and test sets (at least ${MIN_RATINGS_TO_SPLIT}).`;
  return undefined;
}

/** The fewest ratings a dataset needs to be split into training, validation and test sets (untrainable). */
export const MIN_RATINGS_TO_SPLIT = 10;

/** Why the sets of a run cannot train or be measured, or undefined. */
export function holdoutProblem(h: Holdout, o: { validRatio: number }): string | undefined {
  if (h.train.ratings.length === 0) return 'No training ratings are left after taking out the test set: use a smaller test share or another split.';
  if (h.test.ratings.length === 0) return 'The test set is empty: raise the test share, or load more ratings.';
  if (o.validRatio > 0 && h.valid.ratings.length === 0) return 'The validation set is empty: raise the validation share, or set it to 0 (no early stopping, the last epoch is kept).';
  return undefined;
}
