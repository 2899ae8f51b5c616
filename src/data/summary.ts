import type { Dataset } from './types';

/** What the dataset panel shows; plain data, posted from the worker to the UI. */
export interface DatasetSummary {
  format: string;
  source: string;
  users: number;
  items: number;
  ratings: number;
  density: number;
  ratingMin: number;
  ratingMax: number;
  /** [rating value, count], ascending by value. */
  histogram: [number, number][];
  titles: number;
  presetSplits: string[];
  notes: string[];
  /** A second file loaded as the test set. */
  testFile?: { source: string; ratings: number; unseenUsers: number; unseenItems: number };
}

export function summarize(d: Dataset): DatasetSummary {
  const counts = new Map<number, number>();
  for (const r of d.ratings.ratings) counts.set(r, (counts.get(r) ?? 0) + 1);
  const n = d.ratings.ratings.length;
  return {
    format: d.format,
    source: d.source,
    users: d.numUsers,
    items: d.numItems,
    ratings: n,
    density: d.numUsers && d.numItems ? n / (d.numUsers * d.numItems) : 0,
    ratingMin: d.ratingMin,
    ratingMax: d.ratingMax,
    histogram: [...counts.entries()].sort((a, b) => a[0] - b[0]),
    titles: d.titles?.filter(Boolean).length ?? 0,
    presetSplits: d.presetSplits?.map((s) => s.name) ?? [],
    notes: [...(d.notes ?? [])],
  };
}
