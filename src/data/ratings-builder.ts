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

  triples(): RatingTriples {
    return {
      users: this.users.slice(0, this.length),
      items: this.items.slice(0, this.length),
      ratings: this.ratings.slice(0, this.length),
    };
  }

  private grow(): void {
    const n = this.ratings.length * 2;
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
