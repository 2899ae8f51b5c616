import type { RatingsBuilder } from './parse-builder';
import { dropDuplicates } from './parse-duplicates';
import { ratingValueCounts } from '../summary';
import type { Dataset, PresetSplit } from '../types';

export interface FinishInput {
  builder: RatingsBuilder;
  /** From the parser: [rating index, line number] at the first rating and after each skipped line. */
  lineMarks: readonly [number, number][];
  format: string;
  source: string;
  titles?: string[];
  presetSplits?: PresetSplit[];
}

/** The parsed ratings as a Dataset: duplicates collapsed (and noted), rating scale measured. */
export function finishDataset({ builder, lineMarks, format, source, titles, presetSplits }: FinishInput): Dataset {
  const numUsers = builder.userIds.size;
  const numItems = builder.itemIds.size;
  const all = builder.triples();
  const { kept, dropped, first } = dropDuplicates(all, numUsers, numItems);
  const notes: string[] = [];
  const odd = outsideScale(all.ratings);
  if (odd) notes.push(outsideScaleNote(odd, lineMarks));
  if (first) {
    const [earlier, later] = first.map((k) => lineOf(lineMarks, k));
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
    ...(presetSplits && presetSplits.length > 0 && { presetSplits }),
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

/** Files with fewer ratings have no evident scale to speak of. */
export const SCALE_MIN_RATINGS = 1000;
const SHOWN = 5;

export interface OutsideScale {
  /** The range of the common rating values. */
  lo: number;
  hi: number;
  /** How many ratings are outside it. */
  count: number;
  /** Indices and values of the first few of them, in file order. */
  at: number[];
  values: number[];
}

/**
 * Ratings outside the evident scale of the others, as a single 6 in a file of 1–5 ratings: the common
 * values (each at least 0.1% of the ratings, and at least 2 of them) span lo..hi, with at least 3
 * distinct values; a rare value below lo or above hi is outside. Undefined when there is none, or too
 * few ratings (below SCALE_MIN_RATINGS) to tell a scale.
 */
export function outsideScale(r: Float32Array): OutsideScale | undefined {
  const n = r.length;
  if (n < SCALE_MIN_RATINGS) return undefined;
  const counts = ratingValueCounts(r);
  const common = Math.max(2, Math.ceil(n / 1000));
  const core = counts.filter(([, c]) => c >= common).map(([v]) => v);
  if (core.length < 3) return undefined;
  const lo = core[0];
  const hi = core[core.length - 1];
  if (!counts.some(([v]) => v < lo || v > hi)) return undefined;
  const at: number[] = [];
  const values: number[] = [];
  let count = 0;
  for (let k = 0; k < n; k++) {
    if (r[k] >= lo && r[k] <= hi) continue;
    if (count++ >= SHOWN) continue;
    at.push(k);
    values.push(r[k]);
  }
  return { lo, hi, count, at, values };
}

const show = (v: number) => String(Number(v.toPrecision(6)));

/** "line 812: rating 6 is outside the 1–5 scale of the other ratings (kept)", or a list for several. */
export function outsideScaleNote(o: OutsideScale, lineMarks: readonly [number, number][]): string {
  const scale = `the ${show(o.lo)}\u2013${show(o.hi)} scale of the other ratings`;
  const line = (j: number) => `line ${lineOf(lineMarks, o.at[j])}`;
  if (o.count === 1) return `${line(0)}: rating ${show(o.values[0])} is outside ${scale} (kept)`;
  const list = o.at.map((_, j) => `${line(j)}: ${show(o.values[j])}`);
  const more = o.count > o.at.length ? ` and ${o.count - o.at.length} more` : '';
  return `${o.count} ratings are outside ${scale} (kept): ${list.join(', ')}${more}`;
}
