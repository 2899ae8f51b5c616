import type { RatingsBuilder } from './ratings-builder';
import type { Dataset, PresetSplit, RatingTriples } from './types';

/** Maps a rating's position back to its line number, from the marks the parser left. */
export function lineOf(marks: readonly [number, number][], k: number): number {
  let lo = 0;
  let hi = marks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (marks[mid][0] <= k) lo = mid;
    else hi = mid - 1;
  }
  return marks.length ? marks[lo][1] + (k - marks[lo][0]) : k + 1;
}

/**
 * Duplicate (user, item) pairs: the later line wins. Found in O(n) by bucketing ratings by item
 * and marking users, not by hashing pairs.
 */
export function dropDuplicates(r: RatingTriples, numUsers: number, numItems: number): { kept: RatingTriples; dropped: number; first?: [number, number] } {
  if (groupedWithoutDuplicates(r, numUsers, numItems)) return { kept: r, dropped: 0 };
  const n = r.ratings.length;
  const start = new Int32Array(numItems + 1);
  for (let k = 0; k < n; k++) start[r.items[k] + 1]++;
  for (let i = 0; i < numItems; i++) start[i + 1] += start[i];
  const fill = start.slice(0, numItems);
  const byItem = new Int32Array(n);
  for (let k = 0; k < n; k++) byItem[fill[r.items[k]]++] = k;
  const lastAt = new Int32Array(numUsers).fill(-1);
  const stamp = new Int32Array(numUsers).fill(-1);
  const drop = new Uint8Array(n);
  let dropped = 0;
  let first: [number, number] | undefined;
  for (let i = 0; i < numItems; i++) {
    for (let p = start[i]; p < start[i + 1]; p++) {
      const k = byItem[p];
      const u = r.users[k];
      if (stamp[u] === i) {
        drop[lastAt[u]] = 1;
        dropped++;
        if (!first || k < first[1]) first = [lastAt[u], k];
      }
      stamp[u] = i;
      lastAt[u] = k;
    }
  }
  if (dropped === 0) return { kept: r, dropped };
  const keep = n - dropped;
  const kept = { users: new Int32Array(keep), items: new Int32Array(keep), ratings: new Float32Array(keep) };
  for (let k = 0, j = 0; k < n; k++) {
    if (drop[k]) continue;
    kept.users[j] = r.users[k];
    kept.items[j] = r.items[k];
    kept.ratings[j++] = r.ratings[k];
  }
  return { kept, dropped, first };
}

/**
 * The common case, cheaply: every user's ratings form one contiguous run (as in MovieLens CSV and
 * .dat files) and no run repeats an item. One sequential pass; false means "check the slow way".
 */
function groupedWithoutDuplicates(r: RatingTriples, numUsers: number, numItems: number): boolean {
  const userDone = new Uint8Array(numUsers);
  const itemStamp = new Int32Array(numItems).fill(-1);
  let current = -1;
  for (let k = 0; k < r.users.length; k++) {
    const u = r.users[k];
    if (u !== current) {
      if (userDone[u]) return false;
      userDone[u] = 1;
      current = u;
    }
    const i = r.items[k];
    if (itemStamp[i] === u) return false;
    itemStamp[i] = u;
  }
  return true;
}

export interface FinishInput {
  builder: RatingsBuilder;
  lineMarks: readonly [number, number][];
  format: string;
  source: string;
  titles?: string[];
  presetSplits?: PresetSplit[];
}

export function finishDataset({ builder, lineMarks, format, source, titles, presetSplits }: FinishInput): Dataset {
  const numUsers = builder.userIds.size;
  const numItems = builder.itemIds.size;
  const { kept, dropped, first } = dropDuplicates(builder.triples(), numUsers, numItems);
  const notes: string[] = [];
  if (dropped > 0 && first) {
    notes.push(
      `${dropped} duplicate (user, item) rating${dropped === 1 ? '' : 's'}: the later line is kept (first at line ${lineOf(lineMarks, first[1])}, repeating line ${lineOf(lineMarks, first[0])}).`,
    );
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of kept.ratings) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
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
    titles,
    presetSplits,
    notes,
  };
}
