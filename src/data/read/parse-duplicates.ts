import type { RatingTriples } from '../types';

export interface Deduplicated {
  kept: RatingTriples;
  /** How many ratings were dropped because a later line rated the same (user, item). */
  dropped: number;
  /** Indices of the first duplicate in file order: [the earlier rating, the later one]. */
  first?: [number, number];
}

/**
 * Duplicate (user, item) pairs: the later line wins. O(n): ratings are bucketed by item (a counting
 * sort that keeps file order) and users are marked per item, instead of hashing pairs.
 */
export function dropDuplicates(r: RatingTriples, numUsers: number, numItems: number): Deduplicated {
  if (groupedWithoutDuplicates(r, numUsers, numItems)) return { kept: r, dropped: 0 };
  const n = r.ratings.length;
  const start = new Int32Array(numItems + 1);
  for (let k = 0; k < n; k++) start[r.items[k] + 1]++;
  for (let i = 0; i < numItems; i++) start[i + 1] += start[i];
  const fill = start.slice(0, numItems);
  const byItem = new Int32Array(n);
  for (let k = 0; k < n; k++) byItem[fill[r.items[k]]++] = k;
  const lastAt = new Int32Array(numUsers);
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
  return { kept: without(r, drop, n - dropped), dropped, first };
}

/**
 * The common case in one sequential pass: each user's ratings form one contiguous run (as in
 * MovieLens files) and no run repeats an item. False means "check the general way".
 */
function groupedWithoutDuplicates(r: RatingTriples, numUsers: number, numItems: number): boolean {
  const userSeen = new Uint8Array(numUsers);
  const itemStamp = new Int32Array(numItems).fill(-1);
  let current = -1;
  for (let k = 0; k < r.users.length; k++) {
    const u = r.users[k];
    if (u !== current) {
      if (userSeen[u]) return false;
      userSeen[u] = 1;
      current = u;
    }
    const i = r.items[k];
    if (itemStamp[i] === u) return false;
    itemStamp[i] = u;
  }
  return true;
}

function without(r: RatingTriples, drop: Uint8Array, keep: number): RatingTriples {
  const out = { users: new Int32Array(keep), items: new Int32Array(keep), ratings: new Float32Array(keep) };
  for (let k = 0, j = 0; k < drop.length; k++) {
    if (drop[k]) continue;
    out.users[j] = r.users[k];
    out.items[j] = r.items[k];
    out.ratings[j++] = r.ratings[k];
  }
  return out;
}
