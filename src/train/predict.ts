import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../data/types';
import type { RatingModel } from '../model/rating-model';
import type { TrainData } from './prepare';
import { batchRows } from './batch-order';
import type { Readout } from './readout';

/**
 * One user's (dense index) entries at every item, as a matrix over the training rows and columns: I-AutoRec
 * predicts the user's column of every item row; U-AutoRec the user's row.
 */
export function userEntries(train: Csr, byItem: boolean, user: number): Csr {
  const n = byItem ? train.rows : train.cols;
  const rowPtr = new Int32Array(train.rows + 1);
  if (byItem) for (let r = 0; r <= train.rows; r++) rowPtr[r] = r;
  else rowPtr.fill(train.cols, user + 1);
  const colIdx = byItem ? new Int32Array(train.rows).fill(user) : Int32Array.from({ length: train.cols }, (_, c) => c);
  return { rows: train.rows, cols: train.cols, rowPtr, colIdx, values: new Float32Array(n) };
}

/**
 * `model`'s predictions, clipped to the rating scale (unless `clip` is false: what a top list ranks by), at every
 * entry of `m` (a matrix over the training rows and columns, e.g. the validation or the test set), in m's CSR
 * order: batches of `batchSize` of the rows in `rows` (every training row, in order), one readback per batch.
 */
export async function predictAt(model: RatingModel, data: TrainData, readout: Readout, rows: Int32Array, batchSize: number, m: Csr, clip = true): Promise<Float32Array> {
  const { train, ratingMin, ratingMax } = data;
  if (m.rows !== train.rows || m.cols !== train.cols) throw new Error(`predictAt: a ${m.rows} x ${m.cols} matrix, the model's rows are ${train.rows} x ${train.cols}`);
  const B = batchSize;
  const out = new Float32Array(m.values.length);
  model.freeze?.();
  try {
    for (let at = 0; at < train.rows; at += B) {
      const from = m.rowPtr[at];
      const to = m.rowPtr[Math.min(at + B, train.rows)];
      if (to === from) continue;
      const ids = batchRows(rows, at, new Int32Array(B));
      const where = readout.at(m, ids);
      const pred = tf.tidy(() => {
        const p = model.predict(ids, [where.target])[0];
        return clip ? tf.clipByValue(p, ratingMin, ratingMax) : p;
      });
      where.dispose();
      const values = (await pred.data()) as Float32Array;
      pred.dispose();
      readout.entries(values, m, ids, out.subarray(from, to));
    }
  } finally {
    model.thaw?.();
  }
  return out;
}
