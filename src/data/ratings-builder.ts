import { IdMap } from './ids';
import type { RatingTriples } from './types';

/** Growable typed arrays of (user, item, rating) with ids remapped as they arrive. */
export class RatingsBuilder {
  users = new Int32Array(1 << 16);
  items = new Int32Array(1 << 16);
  ratings = new Float32Array(1 << 16);
  length = 0;

  constructor(
    readonly userIds = new IdMap(),
    readonly itemIds = new IdMap(),
  ) {}

  add(user: number, item: number, rating: number): void {
    if (this.length === this.ratings.length) this.grow();
    const k = this.length++;
    this.users[k] = this.userIds.index(user);
    this.items[k] = this.itemIds.index(item);
    this.ratings[k] = rating;
  }

  /** Sizes the arrays for about `n` ratings up front, so big files do not grow by copying. */
  reserve(n: number): void {
    while (this.ratings.length < n) this.grow(Math.max(n, this.ratings.length));
  }

  /** The ratings so far; views (no copy) when the arrays are mostly full, trimmed copies otherwise. */
  triples(): RatingTriples {
    const n = this.length;
    const cut = n > 0.6 * this.ratings.length ? 'subarray' : 'slice';
    return { users: this.users[cut](0, n), items: this.items[cut](0, n), ratings: this.ratings[cut](0, n) };
  }

  private grow(to = Math.ceil(this.ratings.length * 1.5)): void {
    const n = to;
    const u = new Int32Array(n);
    const i = new Int32Array(n);
    const r = new Float32Array(n);
    u.set(this.users);
    i.set(this.items);
    r.set(this.ratings);
    this.users = u;
    this.items = i;
    this.ratings = r;
  }
}
