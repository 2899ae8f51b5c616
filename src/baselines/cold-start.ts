import type { RatingTriples } from '../data/types';
import { countBy, dampedResiduals, meanRating } from './damped-means';

/** Pseudo-ratings at the mean that damp every bias below (a user with n ratings gets n / (n + DAMPING) of their own). */
export const DAMPING = 5;
/** Items (users) with at most this many training ratings stand in for ones with none when the newcomer offset is learnt. */
export const RARE = 2;

/**
 * How a held-out rating is predicted when its user or its item has no training rating (AutoRec has no row to
 * reconstruct it from): a damped-mean baseline fitted on the training ratings alone. Not the chart's user+item
 * bias line (bias-baselines.ts: the d2l peer's ALS, a reference that predicts nothing): this one must also
 * predict for users and items with no rating at all, which the newcomer offsets below do.
 * - item unseen, user seen: mean + the user's damped bias + the newcomer-item offset;
 * - user unseen, item seen: mean + the item's damped bias + the newcomer-user offset;
 * - both unseen: mean + both offsets.
 * The newcomer offset is what rarely rated items (users) show in training: the damped mean residual, after the
 * user's (item's) bias, of the ratings of items (users) with at most RARE training ratings: a never-rated
 * item is more like a rarely rated one than like the average item (on MovieLens, they are rated lower).
 * Predictions are clipped to the training ratings' range.
 */
export class ColdStart {
  readonly mean: number;
  readonly userSeen: Uint8Array;
  readonly itemSeen: Uint8Array;
  private readonly userBias: Float64Array;
  private readonly itemBias: Float64Array;
  readonly newItem: number;
  readonly newUser: number;
  private readonly lo: number;
  private readonly hi: number;

  constructor(train: RatingTriples, numUsers: number, numItems: number) {
    const { users, items, ratings } = train;
    const n = ratings.length;
    const userCount = countBy(users, numUsers);
    const itemCount = countBy(items, numItems);
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < n; k++) {
      lo = Math.min(lo, ratings[k]);
      hi = Math.max(hi, ratings[k]);
    }
    const mean = meanRating(ratings);
    this.userBias = dampedResiduals(train, 'users', userCount, mean, DAMPING);
    this.itemBias = dampedResiduals(train, 'items', itemCount, mean, DAMPING);
    let newItemSum = 0;
    let newItemN = 0;
    let newUserSum = 0;
    let newUserN = 0;
    for (let k = 0; k < n; k++) {
      const u = users[k];
      const i = items[k];
      if (itemCount[i] <= RARE) {
        newItemSum += ratings[k] - mean - this.userBias[u];
        newItemN++;
      }
      if (userCount[u] <= RARE) {
        newUserSum += ratings[k] - mean - this.itemBias[i];
        newUserN++;
      }
    }
    this.mean = mean;
    this.newItem = newItemSum / (newItemN + DAMPING);
    this.newUser = newUserSum / (newUserN + DAMPING);
    this.userSeen = Uint8Array.from(userCount, (c) => (c > 0 ? 1 : 0));
    this.itemSeen = Uint8Array.from(itemCount, (c) => (c > 0 ? 1 : 0));
    [this.lo, this.hi] = n > 0 ? [lo, hi] : [0, 0];
  }

  /** Whether AutoRec can predict (user, item): both have training ratings. */
  known(user: number, item: number): boolean {
    return this.userSeen[user] === 1 && this.itemSeen[item] === 1;
  }

  /** The baseline prediction for a (user, item) pair with an unseen user or item (see the class). */
  predict(user: number, item: number): number {
    const u = this.userSeen[user] === 1 ? this.userBias[user] : this.newUser;
    const i = this.itemSeen[item] === 1 ? this.itemBias[item] : this.newItem;
    return Math.min(this.hi, Math.max(this.lo, this.mean + u + i));
  }
}
