import type { RatingTriples, Split } from '../data/types';
import type { AutoRecTrainer } from './trainer';

export interface Recommendation {
  /** Dense item index. */
  item: number;
  predicted: number;
  /** The held-out rating, for items in the user's test set. */
  actual?: number;
}

/**
 * Top-k unseen items for a user (items the user rated in training or validation are excluded) and the
 * user's held-out test ratings with the kept model's predictions beside them.
 */
export async function recommendFor(trainer: AutoRecTrainer, split: Split & { valid?: RatingTriples }, user: number, k = 10): Promise<{ top: Recommendation[]; heldOut: Recommendation[] }> {
  const scores = await trainer.predictUser(user);
  const seen = new Set<number>();
  for (const known of split.valid ? [split.train, split.valid] : [split.train]) {
    for (let j = 0; j < known.users.length; j++) if (known.users[j] === user) seen.add(known.items[j]);
  }
  const heldOut: Recommendation[] = [];
  for (let j = 0; j < split.test.users.length; j++) {
    if (split.test.users[j] === user) heldOut.push({ item: split.test.items[j], predicted: scores[split.test.items[j]], actual: split.test.ratings[j] });
  }
  const candidates: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!seen.has(i)) candidates.push(i);
  candidates.sort((a, b) => scores[b] - scores[a]);
  return { top: candidates.slice(0, k).map((item) => ({ item, predicted: scores[item] })), heldOut };
}
