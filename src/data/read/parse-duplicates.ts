import type { RatingTriples } from '../types';

export interface Duplicates {
  /** 1 at each rating a later line replaces. */
  drop: Uint8Array;
  /** How many ratings a later line replaces. */
  dropped: number;
  /** Indices of the first duplicate in file order: [the earlier rating, the later one]. */
  first: [number, number];
}

/**
 * Duplicate (user, item) pairs among the first `n` ratings: the later line wins. Undefined when there
 * are none. O(n): ratings are bucketed by item (a counting sort that keeps file order) and users are
 * marked per item, instead of hashing pairs.
 */
export function findDuplicates(r: RatingTriples, n: number, numUsers: number, numItems: number): Duplicates | undefined {
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
  return first && { drop, dropped, first };
}

/**
 * The common case checked as ratings arrive, in one sequential pass: each user's ratings form one
 * contiguous run (as in MovieLens files) and no run repeats an item. Once that fails, `grouped` stays
 * false and duplicates are looked for the general way (findDuplicates).
 */
export class GroupedCheck {
  grouped = true;
  /** Ratings checked so far. */
  checked = 0;
  private userSeen = new Uint8Array(1024);
  private itemStamp = new Int32Array(1024).fill(-1);
  private current = -1;

  /** Checks ratings [checked, n); false (for good) as soon as they are not grouped without duplicates. */
  extend(r: RatingTriples, n: number, numUsers: number, numItems: number): boolean {
    if (!this.grouped) return false;
    if (numUsers > this.userSeen.length) this.userSeen = grown(this.userSeen, numUsers, 0);
    if (numItems > this.itemStamp.length) this.itemStamp = grown(this.itemStamp, numItems, -1);
    const { userSeen, itemStamp } = this;
    let current = this.current;
    for (let k = this.checked; k < n; k++) {
      const u = r.users[k];
      if (u !== current) {
        if (userSeen[u]) return (this.grouped = false);
        userSeen[u] = 1;
        current = u;
      }
      const i = r.items[k];
      if (itemStamp[i] === u) return (this.grouped = false);
      itemStamp[i] = u;
    }
    this.current = current;
    this.checked = n;
    return true;
  }
}

function grown<T extends Uint8Array | Int32Array>(a: T, n: number, fill: number): T {
  let size = a.length;
  while (size < n) size *= 2;
  const next = (a instanceof Uint8Array ? new Uint8Array(size) : new Int32Array(size)) as T;
  next.fill(fill, a.length);
  next.set(a);
  return next;
}
