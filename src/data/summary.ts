import type { Dataset, OffScale } from './types';

/** What the dataset panel shows; plain JSON-serialisable data, posted from the worker to the UI. */
export interface DatasetSummary {
  format: string;
  source: string;
  users: number;
  items: number;
  ratings: number;
  /** ratings / (users × items). */
  density: number;
  ratingMin: number;
  ratingMax: number;
  /** [rating value, count], ascending by value. */
  histogram: [number, number][];
  /** Items with a known title. */
  titles: number;
  presetSplits: string[];
  notes: string[];
  /** Ratings outside the scale of the rest, named with their lines; shown above the notes. */
  offScale?: OffScale;
  /** A second file loaded as the test set. */
  testFile?: {
    source: string;
    ratings: number;
    unseenUsers: number;
    unseenItems: number;
    /** Test pairs (user, item) that the ratings file also holds: removed from training when this file is the test set. */
    overlap: number;
  };
}

export function summarize(d: Dataset): DatasetSummary {
  const n = d.ratings.ratings.length;
  return {
    format: d.format,
    source: d.source,
    users: d.numUsers,
    items: d.numItems,
    ratings: n,
    density: d.numUsers > 0 && d.numItems > 0 ? n / (d.numUsers * d.numItems) : 0,
    ratingMin: d.ratingMin,
    ratingMax: d.ratingMax,
    histogram: ratingValueCounts(d.ratings.ratings),
    titles: d.titles?.reduce((k, t) => (t ? k + 1 : k), 0) ?? 0,
    presetSplits: d.presetSplits?.map((s) => s.name) ?? [],
    notes: [...(d.notes ?? [])],
    ...(d.offScale && { offScale: d.offScale }),
  };
}

/** Counts per rating value; half-star values up to 10 are counted in an array, others in a Map. */
export function ratingValueCounts(ratings: Float32Array): [number, number][] {
  const halves = new Float64Array(21);
  const other = new Map<number, number>();
  for (let k = 0; k < ratings.length; k++) {
    const h = ratings[k] * 2;
    if (h === (h | 0) && h >= 0 && h <= 20) halves[h]++;
    else other.set(ratings[k], (other.get(ratings[k]) ?? 0) + 1);
  }
  const out: [number, number][] = [...other];
  halves.forEach((count, h) => count > 0 && out.push([h / 2, count]));
  return out.sort((a, b) => a[0] - b[0]);
}
