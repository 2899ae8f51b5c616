import { makeRng, shuffle } from './rng';
import type { RatingTriples } from './types';

/**
 * Top-N ranking metrics on the held-out (test) ratings: precision@k, recall@k and NDCG@k with binary relevance,
 * as Microsoft Recommenders defines them (recommenders/evaluation/python_evaluation.py precision_at_k, recall_at_k,
 * ndcg_at_k; the same as RecBole's Precision, Recall and NDCG):
 *
 *   hits(u)      = the relevant test items of u among u's top k
 *   precision@k  = mean over users of |hits(u)| / k            (k even where fewer than k candidates remain)
 *   recall@k     = mean over users of |hits(u)| / |relevant(u)|
 *   NDCG@k       = mean over users of DCG(u) / IDCG(u), DCG(u) = sum over hits at rank r (1-based) of 1 / log2(r + 1),
 *                  IDCG(u) = sum over r = 1 .. min(|relevant(u)|, k) of 1 / log2(r + 1)
 *
 * Relevant: a test rating of at least relevanceThreshold (4 on 1–5, 3.5 on 0.5–5). Users: those with at least one
 * relevant test item (the others have no defined recall or NDCG and are left out, as those definitions do).
 * Candidates: every item the user did not rate in training or validation (the test items among them).
 */
export const RANK_K = 10;

/** Mean precision, recall and NDCG at RANK_K over `users` users. */
export interface RankingFigures {
  precision: number;
  recall: number;
  ndcg: number;
  /** Users measured (a seeded sample when there are more than RankingTask's cap). */
  users: number;
  /** Users with a relevant test rating, in all. */
  usersWithRelevant: number;
}

/** The grid of a rating scale: 1 when every rating is a whole number, 0.5 when a half, else 0 (continuous). */
export function ratingStep(ratings: ArrayLike<number>): number {
  let whole = true;
  for (let k = 0; k < ratings.length; k++) {
    const r = ratings[k];
    if (!Number.isInteger(r * 2)) return 0;
    if (whole && !Number.isInteger(r)) whole = false;
  }
  return whole ? 1 : 0.5;
}

/**
 * The least rating that counts as relevant: the top 40% of the scale's values. On a grid of `step` from lo to hi
 * that is the top round(0.4 n) of its n values: 4 and 5 of 1–5, 3.5 to 5 of 0.5–5 (the usual thresholds of the
 * MovieLens literature), 7 to 10 of 1–10, 1 of 0–1; on a continuous scale (step 0) hi − 0.4 (hi − lo).
 */
export function relevanceThreshold(lo: number, hi: number, step: number): number {
  if (!(step > 0)) return hi - 0.4 * (hi - lo);
  const n = Math.round((hi - lo) / step) + 1;
  const keep = Math.max(1, Math.round(0.4 * n));
  return hi - (keep - 1) * step;
}

/**
 * Most users a per-epoch ranking evaluation scores, and most scores (users x items) it computes: its cost is a
 * decoder pass of users x items x hidden, so the cap keeps it a bounded share of an epoch (all 855 ranked users
 * of ML-100K; 215 of the 571 of ml-latest-small).
 */
export const RANK_MAX_USERS = 1000;
export const RANK_EPOCH_SCORES = 1 << 21;
/** Most scores of the one ranking evaluation at the end of a run or a search (64 MB of floats on the host): every ranked user where affordable. */
export const RANK_FINAL_SCORES = 1 << 24;

export interface RankingOptions {
  /** RANK_MAX_USERS unless given (Infinity: no cap but maxScores). */
  maxUsers?: number;
  /** RANK_EPOCH_SCORES unless given. */
  maxScores?: number;
  seed?: number;
}

/** Per-user lists as CSR: entries ptr[k] .. ptr[k+1] of `items` belong to the k-th user. */
interface Lists {
  ptr: Int32Array;
  items: Int32Array;
}

function listsOf(users: Int32Array, index: Int32Array, sets: readonly RatingTriples[], keep: (r: number) => boolean): Lists {
  const ptr = new Int32Array(users.length + 1);
  for (const s of sets) for (let j = 0; j < s.users.length; j++) if (index[s.users[j]] >= 0 && keep(s.ratings[j])) ptr[index[s.users[j]] + 1]++;
  for (let k = 0; k < users.length; k++) ptr[k + 1] += ptr[k];
  const next = ptr.slice(0, users.length);
  const items = new Int32Array(ptr[users.length]);
  for (const s of sets) for (let j = 0; j < s.users.length; j++) if (index[s.users[j]] >= 0 && keep(s.ratings[j])) items[next[index[s.users[j]]]++] = s.items[j];
  return { ptr, items };
}

/**
 * The users a ranking evaluation measures (at most `maxUsers`, and at most `maxScores / numItems` so that their
 * scores over every item stay bounded: a seeded sample, in increasing order, when more qualify), their relevant
 * test items and the items they rated in training or validation (not candidates).
 */
export class RankingTask {
  readonly users: Int32Array;
  readonly threshold: number;
  readonly usersWithRelevant: number;
  readonly numItems: number;
  readonly relevant: Lists;
  readonly seen: Lists;
  /** mark[i] === k: item i is marked for the k-th user (scratch of `measure`). */
  private readonly mark: Int32Array;

  constructor(
    split: { train: RatingTriples; valid?: RatingTriples; test: RatingTriples },
    numUsers: number,
    numItems: number,
    threshold: number,
    o: RankingOptions = {},
  ) {
    this.threshold = threshold;
    this.numItems = numItems;
    const has = new Uint8Array(numUsers);
    for (let j = 0; j < split.test.users.length; j++) if (split.test.ratings[j] >= threshold) has[split.test.users[j]] = 1;
    let all = Int32Array.from({ length: numUsers }, (_, u) => u).filter((u) => has[u] === 1);
    this.usersWithRelevant = all.length;
    const cap = Math.max(1, Math.min(o.maxUsers ?? RANK_MAX_USERS, Math.floor((o.maxScores ?? RANK_EPOCH_SCORES) / Math.max(1, numItems))));
    if (all.length > cap) all = shuffle(all, makeRng(o.seed ?? 1)).slice(0, cap).sort();
    this.users = all;
    const index = new Int32Array(numUsers).fill(-1);
    all.forEach((u, k) => (index[u] = k));
    this.relevant = listsOf(all, index, [split.test], (r) => r >= threshold);
    this.seen = listsOf(all, index, split.valid ? [split.train, split.valid] : [split.train], () => true);
    this.mark = new Int32Array(numItems).fill(-1);
  }

  /**
   * The figures of top lists: `top` holds k items per measured user (in `users` order; -1 or a seen item past the
   * candidates counts as a miss).
   */
  measure(top: ArrayLike<number>, k = RANK_K): RankingFigures {
    const { users, relevant, seen, mark } = this;
    let p = 0;
    let r = 0;
    let n = 0;
    // mark holds 2k for a relevant item of user k, 2k + 1 for a seen one
    for (let u = 0; u < users.length; u++) {
      for (let j = relevant.ptr[u]; j < relevant.ptr[u + 1]; j++) mark[relevant.items[j]] = 2 * u;
      for (let j = seen.ptr[u]; j < seen.ptr[u + 1]; j++) mark[seen.items[j]] = 2 * u + 1;
      const nRel = relevant.ptr[u + 1] - relevant.ptr[u];
      let hits = 0;
      let dcg = 0;
      for (let rank = 0; rank < k; rank++) {
        const i = top[u * k + rank];
        if (i >= 0 && mark[i] === 2 * u) {
          hits++;
          dcg += 1 / Math.log2(rank + 2);
        }
      }
      let idcg = 0;
      for (let rank = 0; rank < Math.min(nRel, k); rank++) idcg += 1 / Math.log2(rank + 2);
      p += hits / k;
      r += hits / nRel;
      n += dcg / idcg;
    }
    for (const l of [relevant, seen]) for (let j = 0; j < l.items.length; j++) mark[l.items[j]] = -1;
    const m = users.length;
    return { precision: m ? p / m : NaN, recall: m ? r / m : NaN, ndcg: m ? n / m : NaN, users: m, usersWithRelevant: this.usersWithRelevant };
  }

  /**
   * The measured users' top k from their scores over every item (`scores[(u - from) * numItems + i]` for the
   * `count` users from the `from`-th, in `users` order), leaving out the items they rated in training or
   * validation: a partial selection (a sorted buffer of k, one pass over the items), highest score first, ties to
   * the lower item. Flat, k per user.
   */
  topFromScores(scores: ArrayLike<number>, k = RANK_K, from = 0, count = this.users.length - from): Int32Array {
    const { seen, numItems, mark } = this;
    const top = new Int32Array(count * k).fill(-1);
    const best = new Float64Array(k);
    for (let v = 0; v < count; v++) {
      const u = from + v;
      for (let j = seen.ptr[u]; j < seen.ptr[u + 1]; j++) mark[seen.items[j]] = u;
      let size = 0;
      const at = v * k;
      for (let i = 0; i < numItems; i++) {
        if (mark[i] === u) continue;
        const s = scores[v * numItems + i];
        if (size === k && !(s > best[k - 1])) continue;
        let pos = size === k ? k - 1 : size++;
        while (pos > 0 && best[pos - 1] < s) {
          best[pos] = best[pos - 1];
          top[at + pos] = top[at + pos - 1];
          pos--;
        }
        best[pos] = s;
        top[at + pos] = i;
      }
    }
    for (let j = 0; j < seen.items.length; j++) mark[seen.items[j]] = -1;
    return top;
  }
}

/**
 * The most-popular baseline: every user gets the k items with the most training ratings that they did not rate in
 * training or validation (ties to the lower item), measured as the model is.
 */
export function mostPopular(task: RankingTask, train: RatingTriples, k = RANK_K): RankingFigures {
  const counts = new Float64Array(task.numItems);
  for (let j = 0; j < train.items.length; j++) counts[train.items[j]]++;
  // the most-rated first; among equals the lower index (rankedBy keeps the first of equal scores)
  return rankedBy(task, () => counts, k);
}

/**
 * The figures of a model scored on the host (a baseline: MF): each measured user's top k unseen items by `scores`
 * (every item's score for a user, unclipped), picked by a partial selection (k passes of at most numItems).
 */
export function rankedBy(task: RankingTask, scores: (user: number) => ArrayLike<number>, k = RANK_K): RankingFigures {
  const top = new Int32Array(task.users.length * k).fill(-1);
  const { seen } = task;
  const taken = new Uint8Array(task.numItems);
  for (let u = 0; u < task.users.length; u++) {
    const s = scores(task.users[u]);
    taken.fill(0);
    for (let j = seen.ptr[u]; j < seen.ptr[u + 1]; j++) taken[seen.items[j]] = 1;
    for (let n = 0; n < k; n++) {
      let best = -1;
      for (let i = 0; i < task.numItems; i++) if (!taken[i] && (best < 0 || s[i] > s[best])) best = i;
      if (best < 0) break;
      taken[best] = 1;
      top[u * k + n] = best;
    }
  }
  return task.measure(top, k);
}

/**
 * A prediction as a top list shows it: clipped to the rating scale lo..hi (as RMSE and MAE measure it), with "+"
 * where the unclipped score the list is ranked by is above the top ("5.00+"), "−" where it is below the bottom.
 */
export function shownScore(score: number, lo: number, hi: number, digits = 2): string {
  if (score > hi) return `${hi.toFixed(digits)}+`;
  if (score < lo) return `${lo.toFixed(digits)}−`;
  return score.toFixed(digits);
}
