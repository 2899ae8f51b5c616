import * as tf from '@tensorflow/tfjs';
import { decodeAll, disposeWeights } from '../model/autorec';
import { hiddenCodes } from '../model/hidden-codes';
import type { RatingModel } from '../model/rating-model';
import type { TrainConfig } from '../config/config';

/** Predictions of a block of users for every item, through the model's own forward path. */
export interface UserScores {
  /** Users u0 .. u0+bu against every item: [bu, items], not clipped (a tensor the caller disposes; nothing else is left). */
  block(u0: number, bu: number): tf.Tensor2D;
  dispose(): void;
}

/**
 * How the all-users top lists get their predictions, through the model's own encoder and decoder. A single network
 * (model.plain): U-AutoRec encodes the block's user rows as one batch (model.encode) and decodes them (decodeAll);
 * I-AutoRec, whose rows are items (a block of users is a block of output columns), encodes every item once and
 * applies the decoder to the block's columns only. Any other model (an ensemble, a global-kernel stage) predicts
 * (model.predict, batches of batchSize): U-AutoRec the block's rows, I-AutoRec every item row for each block,
 * keeping the block's columns.
 */
export function userScores(model: RatingModel, cfg: TrainConfig, numItems: number): UserScores {
  const byItem = cfg.variant === 'I';
  if (model.plain) return byItem ? decodedColumns(model, cfg, numItems) : decodedRows(model, cfg);
  return {
    block: (u0, bu) =>
      tf.tidy(() =>
        byItem
          ? tf.transpose(predictRows(model, cfg.batchSize, 0, numItems, (pred, n) => tf.slice(pred, [0, u0], [n, bu])))
          : predictRows(model, cfg.batchSize, u0, bu, (pred, n) => tf.slice(pred, [0, 0], [n, -1])),
      ),
    dispose: () => undefined,
  };
}

/** The model's predictions (dense path) of rows from .. from+count in batches of B, each cut by `take` to its n real rows. */
function predictRows(model: RatingModel, B: number, from: number, count: number, take: (pred: tf.Tensor2D, n: number) => tf.Tensor2D): tf.Tensor2D {
  const ids = new Int32Array(B);
  const parts: tf.Tensor2D[] = [];
  for (let at = from; at < from + count; at += B) {
    const n = Math.min(B, from + count - at);
    for (let b = 0; b < B; b++) ids[b] = b < n ? at + b : -1;
    parts.push(tf.tidy(() => take(model.predict(ids, ['all'])[0] as tf.Tensor2D, n)));
  }
  const all = tf.concat(parts) as tf.Tensor2D;
  tf.dispose(parts);
  return all;
}

/** A single U-AutoRec network's predictions of a block of users: their hidden codes (one batch) through the decoder. */
function decodedRows(model: RatingModel, cfg: TrainConfig): UserScores {
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
    dispose: () => {
      codes.dispose();
      if (owned) disposeWeights(p);
    },
  };
}
