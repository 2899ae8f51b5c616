import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config/config';
import { RANK_K, type RankingFigures, type RankingTask } from '../data/ranking';
import type { RatingModel } from '../model/rating-model';
import { userScores } from './user-scores';

/**
 * The per-epoch ranking evaluation on the device: the task's users' scores over every item (userScores, the
 * serving code's path), the items they rated in training or validation masked out (a constant mask, -Infinity
 * there), and each user's top RANK_K by tf.topk (a partial selection). What comes back is users x RANK_K item
 * indices (as floats, exact below 2^24 items), read back with the epoch's other figures: one readback per epoch.
 */
export class EpochRanking {
  private readonly mask: tf.Tensor2D;
  private readonly users: Int32Array;

  constructor(
    readonly task: RankingTask,
    private readonly numItems: number,
  ) {
    this.users = task.users;
    const m = new Float32Array(task.users.length * numItems);
    const { seen } = task;
    for (let u = 0; u < task.users.length; u++) for (let j = seen.ptr[u]; j < seen.ptr[u + 1]; j++) m[u * numItems + seen.items[j]] = -Infinity;
    this.mask = tf.tensor2d(m, [task.users.length, numItems]);
  }

  /** How many floats `topItems` gives (users x RANK_K, or fewer items when there are fewer). */
  get size(): number {
    return this.users.length * Math.min(RANK_K, this.numItems);
  }

  /** The users' top RANK_K unseen items by `model`'s unclipped scores, flat (not read back). */
  topItems(model: RatingModel, cfg: TrainConfig): tf.Tensor1D {
    const scores = userScores(model, cfg, this.numItems);
    try {
      return tf.tidy(() => {
        const masked = tf.add(scores.of(this.users), this.mask) as tf.Tensor2D;
        return tf.reshape(tf.cast(tf.topk(masked, Math.min(RANK_K, this.numItems)).indices, 'float32'), [-1]) as tf.Tensor1D;
      });
    } finally {
      scores.dispose();
    }
  }

  /** The figures of the read-back top lists. */
  figures(top: Float32Array): RankingFigures {
    const k = Math.min(RANK_K, this.numItems);
    if (k === RANK_K) return this.task.measure(top);
    const padded = new Float32Array(this.users.length * RANK_K).fill(-1);
    for (let u = 0; u < this.users.length; u++) padded.set(top.subarray(u * k, (u + 1) * k), u * RANK_K);
    return this.task.measure(padded);
  }

  dispose(): void {
    this.mask.dispose();
  }
}
