import * as tf from '@tensorflow/tfjs';
import type { Holdout } from '../data/holdout';
import type { Dataset, RatingTriples } from '../data/types';
import { activate, disposeWeights } from '../model/autorec';
import type { TrainConfig } from '../config/config';
import type { RatingModel } from '../model/rating-model';
import { hiddenCodes } from '../model/hidden-codes';
import { defaultMinRatings, ratingsPerItem } from './recommend';
import { titleOf } from './recommend-named';
import type { Trainer } from '../train/trainer';

/** One block of users' top lists: `items`/`scores` hold n per user (item -1 past the candidates). */
export interface TopBlock {
  /** Dense user indices. */
  users: Int32Array;
  items: Int32Array;
  scores: Float32Array;
  /** Users done so far (this block included), of `total`. */
  done: number;
  total: number;
}

export interface AllUsersOptions {
  n: number;
  /** As recommendFor: absent for the data's default. */
  minRatings?: number;
  /** Most predictions held at once (users per block x items); 4M floats (16 MB) by default. */
  blockFloats?: number;
}

/** Items per user that the top lists leave out (training and validation ratings), as CSR by user. */
function seenByUser(sets: readonly RatingTriples[], numUsers: number): { ptr: Int32Array; items: Int32Array } {
  const ptr = new Int32Array(numUsers + 1);
  for (const s of sets) for (let k = 0; k < s.users.length; k++) ptr[s.users[k] + 1]++;
  for (let u = 0; u < numUsers; u++) ptr[u + 1] += ptr[u];
  const next = ptr.slice(0, numUsers);
  const items = new Int32Array(ptr[numUsers]);
  for (const s of sets) for (let k = 0; k < s.users.length; k++) items[next[s.users[k]]++] = s.items[k];
  return { ptr, items };
}

/**
 * Top-n unseen items of every user, with recommendFor's rules (items the user rated in training or validation
 * and items under the minimum of training ratings are left out; ties keep the lower item index), computed in
 * blocks of users: the device never holds more than `blockFloats` predictions, the host one block of them.
 * I-AutoRec encodes every item once, then decodes each block's users' columns; U-AutoRec encodes and decodes
 * each block's users' rows.
 */
export async function* topNForAllUsers(trainer: Trainer, split: Holdout, o: AllUsersOptions): AsyncGenerator<TopBlock> {
  const model = trainer.servingModel;
  const cfg = trainer.trainConfig;
  const { train, ratingMin, ratingMax } = trainer.trainData;
  const byItem = cfg.variant === 'I';
  const numUsers = byItem ? train.cols : train.rows;
  const numItems = byItem ? train.rows : train.cols;
  const n = Math.max(1, Math.floor(o.n));
  const counts = ratingsPerItem(split.train, numItems);
  const min = o.minRatings === undefined || !Number.isFinite(o.minRatings) ? defaultMinRatings(counts) : Math.max(0, Math.floor(o.minRatings));
  const seen = seenByUser([split.train, split.valid], numUsers);
  const stamp = new Int32Array(numItems).fill(-1);
  const perBlock = Math.max(1, Math.min(numUsers, Math.floor((o.blockFloats ?? 1 << 22) / numItems)));
  const scoresOf = model.plain ? plainScores(model, cfg, train.rows) : predictedScores(model, cfg.batchSize, byItem, numItems);
  try {
    for (let u0 = 0; u0 < numUsers; u0 += perBlock) {
      const bu = Math.min(perBlock, numUsers - u0);
      const pred = tf.tidy(() => tf.clipByValue(scoresOf.block(u0, bu), ratingMin, ratingMax));
      const scores = (await pred.data()) as Float32Array;
      pred.dispose();
      const users = Int32Array.from({ length: bu }, (_, k) => u0 + k);
      const topItems = new Int32Array(bu * n).fill(-1);
      const topScores = new Float32Array(bu * n).fill(NaN);
      for (let k = 0; k < bu; k++) {
        const u = u0 + k;
        for (let j = seen.ptr[u]; j < seen.ptr[u + 1]; j++) stamp[seen.items[j]] = u;
        const row = k * numItems;
        const at = k * n;
        let size = 0;
        for (let i = 0; i < numItems; i++) {
          if (counts[i] < min || stamp[i] === u) continue;
          const s = scores[row + i];
          if (size === n && !(s > topScores[at + n - 1])) continue;
          // insert after every kept score >= s (a stable sort's order: the lower item first among ties)
          let pos = size === n ? n - 1 : size++;
          while (pos > 0 && topScores[at + pos - 1] < s) {
            topScores[at + pos] = topScores[at + pos - 1];
            topItems[at + pos] = topItems[at + pos - 1];
            pos--;
          }
          topScores[at + pos] = s;
          topItems[at + pos] = i;
        }
      }
      yield { users, items: topItems, scores: topScores, done: u0 + bu, total: numUsers };
    }
  } finally {
    scoresOf.dispose();
  }
}

/** Predictions of a block of users for every item, [users, items] (not clipped). */
interface Scores {
  block(u0: number, bu: number): tf.Tensor2D;
  dispose(): void;
}

/**
 * A single network's scores from its weights: I-AutoRec encodes every item once, then decodes each block's users'
 * columns; U-AutoRec encodes and decodes each block's users' rows. Plain (untransposed) matMuls: on wasm a
 * transposed operand makes the product ~20x slower (5.6 s against 0.22 s for one ML-1M block), so the operand
 * every block shares is transposed once.
 */
function plainScores(model: RatingModel, cfg: TrainConfig, rows: number): Scores {
  const byItem = cfg.variant === 'I';
  const { weights: p, owned } = model.weights();
  const shared = tf.tidy(() => (byItem ? tf.transpose(hiddenCodes(model, 0, rows, cfg.batchSize)) : tf.transpose(p.decoder.w))) as tf.Tensor2D;
  return {
    block: (u0, bu) => {
      if (byItem) {
        // the decoder rows of the block's users against every item's code: [users, items]
        const w = tf.slice(p.decoder.w, [u0, 0], [bu, -1]);
        const b = tf.reshape(tf.slice(p.decoder.b, [u0], [bu]), [bu, 1]);
        return activate(tf.add(tf.matMul(w, shared), b) as tf.Tensor2D, cfg.decoder);
      }
      const h = hiddenCodes(model, u0, bu, bu);
      return activate(tf.add(tf.matMul(h, shared), p.decoder.b) as tf.Tensor2D, cfg.decoder);
    },
    dispose: () => {
      shared.dispose();
      if (owned) disposeWeights(p);
    },
  };
}

/**
 * Any model's scores from its predictions (an ensemble, a global-kernel stage): U-AutoRec predicts the block's
 * user rows in batches; I-AutoRec predicts every item row in batches and keeps the block's users' columns.
 */
function predictedScores(model: RatingModel, B: number, byItem: boolean, numItems: number): Scores {
  const ids = new Int32Array(B);
  const batches = (from: number, count: number, take: (pred: tf.Tensor2D, n: number) => tf.Tensor2D): tf.Tensor2D => {
    const parts: tf.Tensor2D[] = [];
    for (let at = from; at < from + count; at += B) {
      const n = Math.min(B, from + count - at);
      for (let b = 0; b < B; b++) ids[b] = b < n ? at + b : -1;
      parts.push(tf.tidy(() => take(model.predict(ids, ['all'])[0] as tf.Tensor2D, n)));
    }
    const all = tf.concat(parts) as tf.Tensor2D;
    tf.dispose(parts);
    return all;
  };
  return {
    block: (u0, bu) =>
      byItem
        ? (tf.transpose(batches(0, numItems, (pred, n) => tf.slice(pred, [0, u0], [n, bu]))) as tf.Tensor2D)
        : batches(u0, bu, (pred, n) => tf.slice(pred, [0, 0], [n, -1])),
    dispose: () => undefined,
  };
}

export const CSV_HEADER = 'user,rank,item,title,predicted\n';

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A block's rows of the all-users CSV (raw ids, titles, predictions to 4 decimals). */
export function csvRows(b: TopBlock, d: Pick<Dataset, 'userIds' | 'itemIds' | 'titles'>): string {
  const n = b.items.length / b.users.length;
  const lines: string[] = [];
  for (let k = 0; k < b.users.length; k++) {
    for (let r = 0; r < n; r++) {
      const i = b.items[k * n + r];
      if (i < 0) break;
      lines.push(`${d.userIds[b.users[k]]},${r + 1},${d.itemIds[i]},${csvField(titleOf(d, i))},${b.scores[k * n + r].toFixed(4)}\n`);
    }
  }
  return lines.join('');
}
