import type { RatingsBuilder } from './parse-builder';
import { dropDuplicates } from './parse-duplicates';
import { oddRatingMessage, oddRatings, type OddRatings } from './rating-scale';
import type { Dataset, OffScale, PresetSplit, RatingTriples } from '../types';

export interface FinishInput {
  builder: RatingsBuilder;
  /** From the parser: [rating index, line number] at the first rating and after each skipped line. */
  lineMarks: readonly [number, number][];
  format: string;
  source: string;
  titles?: string[];
  presetSplits?: PresetSplit[];
}

/**
 * The parsed ratings as a Dataset: a few ratings outside the scale of the rest left out (and named with
 * their lines), duplicates collapsed (and noted), rating scale measured.
 */
export function finishDataset({ builder, lineMarks, format, source, titles, presetSplits }: FinishInput): Dataset {
  const numUsers = builder.userIds.size;
  const numItems = builder.itemIds.size;
  const parsed = builder.triples();
  const odd = oddRatings(parsed.ratings);
  const offScale = odd && offScaleLines(parsed.ratings, odd, lineMarks, source);
  // `at[k]`: the parsed index of the k-th rating kept, for the line numbers below
  const { ratings: all, at } = odd?.leaveOut ? without(parsed, odd.outside) : { ratings: parsed, at: undefined };
  const { kept, dropped, first } = dropDuplicates(all, numUsers, numItems);
  const notes: string[] = [];
  if (first) {
    const [earlier, later] = first.map((k) => lineOf(lineMarks, at ? at[k] : k));
    const s = dropped === 1 ? '' : 's';
    notes.push(`${dropped} duplicate (user, item) rating${s}: later line${s} kept (first at line ${later}, duplicating line ${earlier})`);
  }
  let lo = Infinity;
  let hi = -Infinity;
  const r = kept.ratings;
  for (let k = 0; k < r.length; k++) {
    if (r[k] < lo) lo = r[k];
    if (r[k] > hi) hi = r[k];
  }
  return {
    format,
    source,
    numUsers,
    numItems,
    userIds: builder.userIds.rawIds(),
    itemIds: builder.itemIds.rawIds(),
    ratings: kept,
    ratingMin: lo,
    ratingMax: hi,
    ...(titles && { titles }),
    ...(presetSplits && presetSplits.length > 0 && { presetSplits: odd?.leaveOut ? presetSplits.map((p) => trimSplit(p, odd.outside)) : presetSplits }),
    ...(offScale && { offScale }),
    notes,
  };
}

/** The line number of the k-th rating, from the parser's marks (binary search). */
export function lineOf(marks: readonly [number, number][], k: number): number {
  if (marks.length === 0) return k + 1;
  let lo = 0;
  let hi = marks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (marks[mid][0] <= k) lo = mid;
    else hi = mid - 1;
  }
  return marks[lo][1] + (k - marks[lo][0]);
}

/** How many of the odd ratings are named, with their lines. */
const SHOWN = 5;

/** The odd ratings as errors with their lines (the first few, in file order). */
function offScaleLines(r: Float32Array, odd: OddRatings, lineMarks: readonly [number, number][], source: string): OffScale {
  const shown: OffScale['shown'][number][] = [];
  for (let k = 0; k < r.length && shown.length < SHOWN; k++) {
    if (odd.outside(r[k])) shown.push({ message: oddRatingMessage(odd, r.length, r[k]), line: lineOf(lineMarks, k), source, rating: r[k] });
  }
  return { count: odd.count, leftOut: odd.leaveOut, message: oddRatingMessage(odd, r.length), shown };
}

/** The ratings whose value is not `drop`ped, and the index each had. */
function without(r: RatingTriples, drop: (rating: number) => boolean): { ratings: RatingTriples; at: Int32Array } {
  const n = r.ratings.length;
  let m = 0;
  for (let k = 0; k < n; k++) if (!drop(r.ratings[k])) m++;
  const users = new Int32Array(m);
  const items = new Int32Array(m);
  const ratings = new Float32Array(m);
  const at = new Int32Array(m);
  for (let k = 0, j = 0; k < n; k++) {
    if (drop(r.ratings[k])) continue;
    users[j] = r.users[k];
    items[j] = r.items[k];
    ratings[j] = r.ratings[k];
    at[j++] = k;
  }
  return { ratings: { users, items, ratings }, at };
}

/** A ready-made split without the ratings left out of the file it came with. */
function trimSplit(p: PresetSplit, drop: (rating: number) => boolean): PresetSplit {
  return { name: p.name, train: without(p.train, drop).ratings, test: without(p.test, drop).ratings };
}
