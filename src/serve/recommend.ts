import type { Holdout } from '../data/holdout';
import type { RatingTriples, Split } from '../data/types';
import type { Served } from './served';

export interface Recommendation {
  /** Dense item index. */
  item: number;
  /** The prediction clipped to the rating scale: what is shown, and what RMSE and MAE measure. */
  predicted: number;
  /** The unclipped prediction: what a top list ranks by (two items clipped to the top keep their order). */
  score: number;
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

/** The default of "minimum training ratings per recommended item" on full-size data. */
export const DEFAULT_MIN_ITEM_RATINGS = 20;
/** ...lowered on small data until at least this many items (or half of them, if fewer) can be recommended. */
export const MIN_ELIGIBLE_ITEMS = 100;

/** Training ratings per item (dense index). */
export function ratingsPerItem(train: RatingTriples, numItems: number): Int32Array {
  const counts = new Int32Array(numItems);
  for (let j = 0; j < train.items.length; j++) counts[train.items[j]]++;
  return counts;
}

/**
 * The default minimum of training ratings for an item to be recommended: DEFAULT_MIN_ITEM_RATINGS (an item rated
 * by a handful of users gets a prediction its few raters pushed to the top of the scale, 5.00 for an obscure
 * film on ml-latest-small), or on small data the highest lower value that still leaves
 * min(MIN_ELIGIBLE_ITEMS, half the items) items to recommend (0 at worst).
 */
export function defaultMinRatings(counts: ArrayLike<number>): number {
  const need = Math.min(MIN_ELIGIBLE_ITEMS, Math.ceil(counts.length / 2));
  for (let t = DEFAULT_MIN_ITEM_RATINGS; t > 0; t--) {
    let n = 0;
    for (let i = 0; i < counts.length && n < need; i++) if (counts[i] >= t) n++;
    if (n >= need) return t;
  }
  return 0;
}

/**
 * What a top list may hold, for one user or for all of them: items with at least `minRatings` training ratings
 * (defaultMinRatings when not asked for) that the user did not rate in training or validation; of those, the
 * highest unclipped predictions first (clipping would tie every item above the top of the scale), ties to the
 * lower item index (a stable sort's order).
 */
class TopNRules {
  readonly counts: Int32Array;
  readonly minRatings: number;
  readonly defaultMinRatings: number;
  /** The items each user rated in the known sets, as CSR by user. */
  private readonly seenPtr: Int32Array;
  private readonly seenItems: Int32Array;
  /** mark[i] === u: user u rated item i (set by `top` for its user). */
  private readonly mark: Int32Array;

  constructor(split: { train: RatingTriples; valid?: RatingTriples }, numItems: number, minRatings?: number) {
    this.counts = ratingsPerItem(split.train, numItems);
    this.defaultMinRatings = defaultMinRatings(this.counts);
    this.minRatings = minRatings === undefined || !Number.isFinite(minRatings) ? this.defaultMinRatings : Math.max(0, Math.floor(minRatings));
    const sets = split.valid ? [split.train, split.valid] : [split.train];
    let numUsers = 0;
    for (const s of sets) for (let k = 0; k < s.users.length; k++) numUsers = Math.max(numUsers, s.users[k] + 1);
    const ptr = new Int32Array(numUsers + 1);
    for (const s of sets) for (let k = 0; k < s.users.length; k++) ptr[s.users[k] + 1]++;
    for (let u = 0; u < numUsers; u++) ptr[u + 1] += ptr[u];
    const next = ptr.slice(0, numUsers);
    const items = new Int32Array(ptr[numUsers]);
    for (const s of sets) for (let k = 0; k < s.users.length; k++) items[next[s.users[k]]++] = s.items[k];
    this.seenPtr = ptr;
    this.seenItems = items;
    this.mark = new Int32Array(numItems).fill(-1);
  }

  /** Items with at least minRatings training ratings. */
  get eligibleItems(): number {
    let n = 0;
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] >= this.minRatings) n++;
    return n;
  }

  /**
   * User u's top n from scores[from + i] (item i): items into `items`, their scores into `out`, both from `at`;
   * returns how many (the rest of the n slots are left as they are).
   */
  top(u: number, scores: Float32Array, from: number, n: number, items: Int32Array, out: Float32Array, at: number): number {
    const { counts, minRatings: min, mark } = this;
    if (u + 1 < this.seenPtr.length) for (let j = this.seenPtr[u]; j < this.seenPtr[u + 1]; j++) mark[this.seenItems[j]] = u;
    let size = 0;
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] < min || mark[i] === u) continue;
      const s = scores[from + i];
      if (size === n && !(s > out[at + n - 1])) continue;
      // insert after every kept score >= s (a stable sort's order: the lower item first among ties)
      let pos = size === n ? n - 1 : size++;
      while (pos > 0 && out[at + pos - 1] < s) {
        out[at + pos] = out[at + pos - 1];
        items[at + pos] = items[at + pos - 1];
        pos--;
      }
      out[at + pos] = s;
      items[at + pos] = i;
    }
    return size;
  }
}

/**
 * Top-k unseen items for a user (TopNRules: items the user rated in training or validation are excluded, and so
 * are items with fewer than `minRatings` training ratings: defaultMinRatings when not given) and the user's
 * held-out test ratings with the kept model's predictions beside them. Ranked by the unclipped prediction
 * (`score`); `predicted` is clipped to the rating scale. A top item that is in the user's test set carries its
 * held-out rating (`actual`).
 */
export async function recommendFor(
  served: Served,
  split: Split & { valid?: RatingTriples },
  user: number,
  k = 10,
  minRatings?: number,
): Promise<RecommendResult> {
  const scores = await served.predictUser(user);
  const { ratingMin, ratingMax } = served;
  const clip = (s: number) => Math.min(ratingMax, Math.max(ratingMin, s));
  const rules = new TopNRules(split, scores.length, minRatings);
  const heldOut: Recommendation[] = [];
  const actual = new Map<number, number>();
  for (let j = 0; j < split.test.users.length; j++) {
    if (split.test.users[j] !== user) continue;
    const item = split.test.items[j];
    heldOut.push({ item, predicted: clip(scores[item]), score: scores[item], actual: split.test.ratings[j] });
    actual.set(item, split.test.ratings[j]);
  }
  const n = Math.max(0, Math.floor(k));
  const items = new Int32Array(n);
  const size = rules.top(user, scores, 0, n, items, new Float32Array(n), 0);
  const top = Array.from(items.subarray(0, size), (item) => ({ item, predicted: clip(scores[item]), score: scores[item], trainRatings: rules.counts[item], ...(actual.has(item) ? { actual: actual.get(item) } : {}) }));
  return { top, heldOut, minRatings: rules.minRatings, defaultMinRatings: rules.defaultMinRatings, eligibleItems: rules.eligibleItems };
}

/** One block of users' top lists: `items`/`scores` hold n per user (item -1 past the candidates); scores unclipped. */
export interface TopBlock {
  /** Dense user indices. */
  users: Int32Array;
  items: Int32Array;
  scores: Float32Array;
  /** Users done so far (this block included), of `total`. */
  done: number;
  total: number;
}

export interface AllUsersOptions {
  n: number;
  /** As recommendFor: absent for the data's default. */
  minRatings?: number;
  /** Most predictions held at once (users per block x items); 4M floats (16 MB) by default. */
  blockFloats?: number;
}

/**
 * Top-n unseen items of every user, with recommendFor's rules (TopNRules: ranked by the unclipped prediction),
 * computed in blocks of users from the model's predictions (Served.scores): the device never holds more than `blockFloats` predictions, the host one
 * block of them.
 */
export async function* topNForAllUsers(served: Served, split: Holdout, o: AllUsersOptions): AsyncGenerator<TopBlock> {
  const { numUsers, numItems } = served;
  const n = Math.max(1, Math.floor(o.n));
  const rules = new TopNRules(split, numItems, o.minRatings);
  const perBlock = Math.max(1, Math.min(numUsers, Math.floor((o.blockFloats ?? 1 << 22) / numItems)));
  const scoresOf = served.scores();
  try {
    for (let u0 = 0; u0 < numUsers; u0 += perBlock) {
      const bu = Math.min(perBlock, numUsers - u0);
      const scores = await scoresOf.block(u0, bu);
      const users = Int32Array.from({ length: bu }, (_, k) => u0 + k);
      const topItems = new Int32Array(bu * n).fill(-1);
      const topScores = new Float32Array(bu * n).fill(NaN);
      for (let k = 0; k < bu; k++) rules.top(u0 + k, scores, k * numItems, n, topItems, topScores, k * n);
      yield { users, items: topItems, scores: topScores, done: u0 + bu, total: numUsers };
    }
  } finally {
    scoresOf.dispose();
  }
}
