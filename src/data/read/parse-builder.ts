import { IdMap } from '../ids';
import type { RatingTriples } from '../types';

/** Growable typed arrays of (user, item, rating), ids remapped to dense indices as they arrive. */
export class RatingsBuilder {
  users = new Int32Array(1 << 14);
  items = new Int32Array(1 << 14);
  ratings = new Float32Array(1 << 14);
  length = 0;

  constructor(
    readonly userIds = new IdMap(),
    readonly itemIds = new IdMap(),
  ) {}

  add(user: number, item: number, rating: number): void {
    if (this.length === this.ratings.length) this.resize(this.length * 2);
    const k = this.length++;
    this.users[k] = this.userIds.index(user);
    this.items[k] = this.itemIds.index(item);
    this.ratings[k] = rating;
  }

  /** Sizes the arrays for about `n` ratings up front, so big files do not grow by copying. */
  reserve(n: number): void {
    if (n > this.ratings.length) this.resize(n);
  }

  /** The ratings so far: views when the arrays are mostly full, trimmed copies otherwise. */
  triples(): RatingTriples {
    const n = this.length;
    if (n >= 0.75 * this.ratings.length) {
      return { users: this.users.subarray(0, n), items: this.items.subarray(0, n), ratings: this.ratings.subarray(0, n) };
    }
    return { users: this.users.slice(0, n), items: this.items.slice(0, n), ratings: this.ratings.slice(0, n) };
  }

  private resize(n: number): void {
    const u = new Int32Array(n);
    const i = new Int32Array(n);
    const r = new Float32Array(n);
    u.set(this.users.subarray(0, this.length));
    i.set(this.items.subarray(0, this.length));
    r.set(this.ratings.subarray(0, this.length));
    this.users = u;
    this.items = i;
    this.ratings = r;
  }
}
