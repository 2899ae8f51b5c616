import type { RatingsBuilder } from './parse-builder';
import { dropDuplicates } from './parse-duplicates';
import type { Dataset, PresetSplit } from './types';

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
  const { kept, dropped, first } = dropDuplicates(builder.triples(), numUsers, numItems);
  const notes: string[] = [];
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
