import { IdMap } from '../ids';
import type { RatingTriples } from '../types';
import { findDuplicates, GroupedCheck } from './parse-duplicates';

/** Ratings held before the first fold: below this a file is folded once, at its end. */
export const FOLD_FROM = 1 << 20;

/**
 * Growable typed arrays of (user, item, rating), ids remapped to dense indices as they arrive, and the
 * line each came from. Duplicate (user, item) pairs are folded as they stream in (the later line wins,
 * in its place): whenever the ratings held double since the last fold (from FOLD_FROM on), so what is
 * held grows with the distinct ratings, not with the lines read: a file of one line repeated 187 million
 * times holds one rating.
 */
export class RatingsBuilder {
  users = new Int32Array(1 << 14);
  items = new Int32Array(1 << 14);
  ratings = new Float32Array(1 << 14);
  length = 0;
  /** Ratings replaced by a later line of the same (user, item), so far. */
  duplicates = 0;
  /** Lines of the first duplicate in file order: [the line it repeats, the later line]. */
  firstDuplicate?: [number, number];
  /** [rating index, line] of the first rating and of each rating whose line does not follow the previous one's. */
  private marks = new Int32Array(32);
  private markCount = 0;
  private foldAt: number;
  /** Where add() next stops to fold or grow: min(capacity, foldAt). */
  private limit = 0;
  private readonly check = new GroupedCheck();

  constructor(
    readonly userIds = new IdMap(),
    readonly itemIds = new IdMap(),
    /** Ratings held before the first fold (tests fold small sets often). */
    private readonly foldFrom = FOLD_FROM,
  ) {
    this.foldAt = foldFrom;
    this.setLimit();
  }

  add(user: number, item: number, rating: number): void {
    const k = this.length++;
    this.users[k] = this.userIds.index(user);
    this.items[k] = this.itemIds.index(item);
    this.ratings[k] = rating;
    if (this.length === this.limit) this.room();
  }

  /** The next rating comes from line `line` (1-based), which does not follow the previous rating's line. */
  markLine(line: number): void {
    if (this.markCount > 0 && this.marks[2 * this.markCount - 2] === this.length) this.markCount--;
    if (2 * this.markCount === this.marks.length) this.marks = copied(this.marks, 2 * this.marks.length);
    this.marks[2 * this.markCount] = this.length;
    this.marks[2 * this.markCount + 1] = line;
    this.markCount++;
  }

  /** The line of the k-th rating held (binary search over the marks). */
  lineOf(k: number): number {
    const m = this.marks;
    if (this.markCount === 0) return k + 1;
    let lo = 0;
    let hi = this.markCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (m[2 * mid] <= k) lo = mid;
      else hi = mid - 1;
    }
    return m[2 * lo + 1] + (k - m[2 * lo]);
  }

  /** Sizes the arrays for about `n` ratings up front, so big files do not grow by copying. */
  reserve(n: number): void {
    if (n > this.ratings.length) this.resize(n);
  }

  /** The ratings read, duplicates folded in (the later line wins): views when the arrays are mostly full, trimmed copies otherwise. */
  kept(): RatingTriples {
    this.fold();
    const n = this.length;
    if (n >= 0.75 * this.ratings.length) {
      return { users: this.users.subarray(0, n), items: this.items.subarray(0, n), ratings: this.ratings.subarray(0, n) };
    }
    return { users: this.users.slice(0, n), items: this.items.slice(0, n), ratings: this.ratings.slice(0, n) };
  }

  /** Folds the duplicates read since the last fold in; then the ratings held are all distinct. */
  private fold(): void {
    const n = this.length;
    const numUsers = this.userIds.size;
    const numItems = this.itemIds.size;
    this.foldAt = Math.max(this.foldFrom, 2 * n);
    if (this.check.extend(this, n, numUsers, numItems)) return this.setLimit();
    const found = findDuplicates(this, n, numUsers, numItems);
    if (!found) return this.setLimit();
    this.firstDuplicate ??= [this.lineOf(found.first[0]), this.lineOf(found.first[1])];
    this.duplicates += found.dropped;
    this.compact(found.drop);
    this.foldAt = Math.max(this.foldFrom, 2 * this.length);
    this.setLimit();
  }

  private room(): void {
    if (this.length >= this.foldAt) this.fold();
    if (this.length === this.ratings.length) this.resize(2 * this.length);
    this.setLimit();
  }

  private setLimit(): void {
    this.limit = Math.min(this.ratings.length, Math.max(this.foldAt, this.length + 1));
  }

  /** Keeps the ratings not dropped, in order, and the line marks with them. */
  private compact(drop: Uint8Array): void {
    const { users, items, ratings, marks } = this;
    const n = this.length;
    let next = new Int32Array(Math.max(32, 2 * this.markCount));
    let count = 0;
    let m = 0;
    let prevLine = -1;
    let j = 0;
    for (let k = 0; k < n; k++) {
      while (m + 1 < this.markCount && marks[2 * m + 2] <= k) m++;
      if (drop[k]) continue;
      const line = this.markCount === 0 ? k + 1 : marks[2 * m + 1] + (k - marks[2 * m]);
      if (line !== prevLine + 1) {
        if (2 * count === next.length) next = copied(next, 2 * next.length);
        next[2 * count] = j;
        next[2 * count + 1] = line;
        count++;
      }
      prevLine = line;
      users[j] = users[k];
      items[j] = items[k];
      ratings[j++] = ratings[k];
    }
    this.length = j;
    this.marks = next;
    this.markCount = count;
  }

  private resize(n: number): void {
    this.users = copied(this.users, n, this.length);
    this.items = copied(this.items, n, this.length);
    this.ratings = copied(this.ratings, n, this.length);
    this.setLimit();
  }
}

function copied<T extends Int32Array | Float32Array>(a: T, n: number, keep = a.length): T {
  const next = (a instanceof Int32Array ? new Int32Array(n) : new Float32Array(n)) as T;
  next.set(a.subarray(0, keep));
  return next;
}
