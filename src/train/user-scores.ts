import * as tf from '@tensorflow/tfjs';
import { decodeAll, disposeWeights } from '../model/autorec';
import { hiddenCodes } from '../model/hidden-codes';
import type { RatingModel } from '../model/rating-model';
import type { TrainConfig } from '../config/config';

/** Predictions of a block of users for every item, through the model's own forward path. */
export interface UserScores {
  /** Users u0 .. u0+bu against every item: [bu, items], not clipped (a tensor the caller disposes; nothing else is left). */
  block(u0: number, bu: number): tf.Tensor2D;
  /** Users `users` (any, in that order) against every item: [users, items], not clipped, as `block`. */
  of(users: Int32Array): tf.Tensor2D;
  dispose(): void;
}

/**
 * How the all-users top lists and the per-epoch ranking metrics get their predictions, through the model's own
 * encoder and decoder. A single network
 * (model.plain): U-AutoRec encodes the block's user rows as one batch (model.encode) and decodes them (decodeAll);
 * I-AutoRec, whose rows are items (a block of users is a block of output columns), encodes every item once and
 * applies the decoder to the block's columns only. Any other model (an ensemble, a global-kernel stage) predicts
 * (model.predict, batches of batchSize): U-AutoRec the block's rows, I-AutoRec every item row for each block,
 * keeping the block's columns. Users picked one by one (`of`) go the predict way too, except I-AutoRec's single
 * network, which decodes every item's code with the users' rows of the decoder.
 */
export function userScores(model: RatingModel, cfg: TrainConfig, numItems: number): UserScores {
  const byItem = cfg.variant === 'I';
  if (model.plain && byItem) return decodedColumns(model, cfg, numItems);
  const B = cfg.batchSize;
  const range = (from: number, count: number) => Int32Array.from({ length: count }, (_, k) => from + k);
  const predicted: Pick<UserScores, 'block' | 'of'> = {
    block: (u0, bu) =>
      tf.tidy(() =>
        byItem
          ? tf.transpose(predictRows(model, B, range(0, numItems), (pred, n) => tf.slice(pred, [0, u0], [n, bu])))
          : predictRows(model, B, range(u0, bu), (pred, n) => tf.slice(pred, [0, 0], [n, -1])),
      ),
    of: (users) =>
      tf.tidy(() => {
        if (!byItem) return predictRows(model, B, users, (pred, n) => tf.slice(pred, [0, 0], [n, -1]));
        const cols = tf.tensor1d(users, 'int32');
        return tf.transpose(predictRows(model, B, range(0, numItems), (pred, n) => tf.gather(tf.slice(pred, [0, 0], [n, -1]), cols, 1)));
      }),
  };
  if (model.plain) return { ...decodedRows(model, cfg), of: predicted.of };
  return { ...predicted, dispose: () => undefined };
}

/** The model's predictions (dense path) of `rows` in batches of B, each cut by `take` to its n real rows. */
function predictRows(model: RatingModel, B: number, rows: Int32Array, take: (pred: tf.Tensor2D, n: number) => tf.Tensor2D): tf.Tensor2D {
  const ids = new Int32Array(B);
  const parts: tf.Tensor2D[] = [];
  for (let at = 0; at < rows.length; at += B) {
    const n = Math.min(B, rows.length - at);
    for (let b = 0; b < B; b++) ids[b] = b < n ? rows[at + b] : -1;
    parts.push(tf.tidy(() => take(model.predict(ids, ['all'])[0] as tf.Tensor2D, n)));
  }
  const all = tf.concat(parts) as tf.Tensor2D;
  tf.dispose(parts);
  return all;
}

/** A single U-AutoRec network's predictions of a block of users: their hidden codes (one batch) through the decoder. */
function decodedRows(model: RatingModel, cfg: TrainConfig): Omit<UserScores, 'of'> {
  const { weights: p, owned } = model.weights();
  return {
    block: (u0, bu) => tf.tidy(() => decodeAll(p, hiddenCodes(model, u0, bu, bu), cfg)),
    dispose: () => {
      if (owned) disposeWeights(p);
    },
  };
}

/**
 * A single I-AutoRec network's predictions of a block of users: every item's hidden code (computed once, through
 * the model's input path) through the decoder's rows of the block's users: [items, bu], transposed.
 */
function decodedColumns(model: RatingModel, cfg: TrainConfig, numItems: number): UserScores {
  const { weights: p, owned } = model.weights();
  const codes = hiddenCodes(model, 0, numItems, cfg.batchSize);
  return {
    block: (u0, bu) =>
      tf.tidy(() => {
        const decoder = { w: tf.slice(p.decoder.w, [u0, 0], [bu, -1]), b: tf.slice(p.decoder.b, [u0], [bu]) };
        return tf.transpose(decodeAll({ encoder: [], decoder }, codes, cfg));
      }),
    of: (users) =>
      tf.tidy(() => {
        const rows = tf.tensor1d(users, 'int32');
        const decoder = { w: tf.gather(p.decoder.w, rows), b: tf.gather(p.decoder.b, rows) };
        return tf.transpose(decodeAll({ encoder: [], decoder }, codes, cfg));
      }),
    dispose: () => {
      codes.dispose();
      if (owned) disposeWeights(p);
    },
  };
}
