import type { RatingsBuilder } from './parse-builder';
import { oddRatingMessage, oddRatings, type OddRatings } from './rating-scale';
import type { Dataset, OffScale, PresetSplit, RatingTriples } from '../types';

export interface FinishInput {
  builder: RatingsBuilder;
  format: string;
  source: string;
  titles?: string[];
  presetSplits?: PresetSplit[];
}

/**
 * The parsed ratings as a Dataset: duplicates collapsed as they were read (and noted), a few ratings
 * outside the scale of the rest left out (and named with their lines), rating scale measured.
 */
export function finishDataset({ builder, format, source, titles, presetSplits }: FinishInput): Dataset {
  const numUsers = builder.userIds.size;
  const numItems = builder.itemIds.size;
  const parsed = builder.kept();
  const odd = oddRatings(parsed.ratings);
  const offScale = odd && offScaleLines(parsed.ratings, odd, builder, source);
  const kept = odd?.leaveOut ? without(parsed, odd.outside) : parsed;
  const notes: string[] = [];
  const dropped = builder.duplicates;
  if (builder.firstDuplicate) {
    const [earlier, later] = builder.firstDuplicate;
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

/** How many of the odd ratings are named, with their lines. */
const SHOWN = 5;

/** The odd ratings as errors with their lines (the first few, in file order). */
function offScaleLines(r: Float32Array, odd: OddRatings, lines: RatingsBuilder, source: string): OffScale {
  const shown: OffScale['shown'][number][] = [];
  for (let k = 0; k < r.length && shown.length < SHOWN; k++) {
    if (odd.outside(r[k])) shown.push({ message: oddRatingMessage(odd, r.length, r[k]), line: lines.lineOf(k), source, rating: r[k] });
  }
  return { count: odd.count, leftOut: odd.leaveOut, message: oddRatingMessage(odd, r.length), shown };
}

/** The ratings whose value is not `drop`ped. */
function without(r: RatingTriples, drop: (rating: number) => boolean): RatingTriples {
  const n = r.ratings.length;
  let m = 0;
  for (let k = 0; k < n; k++) if (!drop(r.ratings[k])) m++;
  const users = new Int32Array(m);
  const items = new Int32Array(m);
  const ratings = new Float32Array(m);
  for (let k = 0, j = 0; k < n; k++) {
    if (drop(r.ratings[k])) continue;
    users[j] = r.users[k];
    items[j] = r.items[k];
    ratings[j++] = r.ratings[k];
  }
  return { users, items, ratings };
}

/** A ready-made split without the ratings left out of the file it came with. */
function trimSplit(p: PresetSplit, drop: (rating: number) => boolean): PresetSplit {
  return { name: p.name, train: without(p.train, drop), test: without(p.test, drop) };
}
