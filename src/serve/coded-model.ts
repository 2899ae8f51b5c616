import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config/config';
import type { Blend } from '../config/tune-results';
import { decodeAll, disposeWeights } from '../model/autorec';
import { hiddenCodes } from '../model/hidden-codes';
import type { Trainer } from '../train/trainer';
import type { ScoreBlocks, Served } from './served';

/**
 * A network kept without the ratings it reads: what its encoder made of each input row (the hidden codes: every
 * item's for I-AutoRec, every user's for U-AutoRec) and its decoder. Predictions are the decoder applied to the
 * codes, the same numbers the network gives from the ratings; the ratings themselves are not needed, nor kept.
 */
export interface CodedNetwork {
  config: TrainConfig;
  /** [rows, hidden], row-major: rows are items (I-AutoRec) or users (U-AutoRec). */
  codes: Float32Array;
  rows: number;
  /** The decoder as applied: weights [outputs, hidden], bias [outputs]. */
  decoderW: Float32Array;
  decoderB: Float32Array;
}

/** Why a network cannot be kept as codes (its predictions read more than one code per row), or undefined. */
export function notCodable(t: Trainer): string | undefined {
  if (t.servingModel.plain) return undefined;
  return `${t.trainConfig.model === 'plus' ? 'this AutoRec+ model' : 'this model'} (${t.servingModel.stage === 'global' ? 'its global-kernel stage reads the ratings at every prediction' : 'an ensemble of networks'}) cannot be saved without its ratings`;
}

/** A network's codes and decoder, read back from the device (its kept weights): see CodedNetwork. */
export async function codedNetwork(t: Trainer): Promise<CodedNetwork> {
  const why = notCodable(t);
  if (why) throw new Error(why);
  const model = t.servingModel;
  const cfg = t.trainConfig;
  const rows = t.trainData.train.rows;
  const codes = hiddenCodes(model, 0, rows, cfg.batchSize);
  const { weights, owned } = model.weights();
  try {
    const [c, w, b] = await Promise.all([codes.data(), weights.decoder.w.data(), weights.decoder.b.data()]);
    return { config: cfg, codes: c as Float32Array, rows, decoderW: w as Float32Array, decoderB: b as Float32Array };
  } finally {
    codes.dispose();
    if (owned) disposeWeights(weights);
  }
}

/**
 * Coded networks serving, blended (a single network: weight 1, intercept 0): each network's codes and decoder on
 * the device. I-AutoRec: a user's predictions are the decoder's row for that user applied to every item's code;
 * U-AutoRec: the decoder applied to the user's code. No item space is shown (`networks` is empty).
 */
export function servedCodes(nets: readonly CodedNetwork[], blend: Blend, dims: { numUsers: number; numItems: number; ratingMin: number; ratingMax: number }): Served & { dispose(): void } {
  const parts = nets.map((n, k) => {
    const hidden = n.config.hidden;
    const outputs = n.decoderB.length;
    return {
      w: blend.weights[k] ?? 0,
      byItem: n.config.variant === 'I',
      cfg: n.config,
      codes: tf.tensor2d(n.codes, [n.rows, hidden]),
      dw: tf.tensor2d(n.decoderW, [outputs, hidden]),
      db: tf.tensor1d(n.decoderB),
    };
  });
  /** [users, items] of one network for users `ids`. */
  const scoresOf = (p: (typeof parts)[number], ids: Int32Array): tf.Tensor2D =>
    tf.tidy(() => {
      const at = tf.tensor1d(ids, 'int32');
      if (p.byItem) return tf.transpose(decodeAll({ encoder: [], decoder: { w: tf.gather(p.dw, at), b: tf.gather(p.db, at) } }, p.codes, p.cfg));
      return decodeAll({ encoder: [], decoder: { w: p.dw, b: p.db } }, tf.gather(p.codes, at) as tf.Tensor2D, p.cfg);
    });
  const blended = async (ids: Int32Array): Promise<Float32Array> => {
    let out: Float32Array | undefined;
    for (const p of parts) {
      if (p.w === 0) continue;
      const t = scoresOf(p, ids);
      const s = (await t.data()) as Float32Array;
      t.dispose();
      if (!out) out = new Float32Array(s.length).fill(blend.intercept);
      for (let j = 0; j < s.length; j++) out[j] += p.w * s[j];
    }
    return out ?? new Float32Array(ids.length * dims.numItems).fill(blend.intercept);
  };
  const range = (from: number, count: number) => Int32Array.from({ length: count }, (_, k) => from + k);
  return {
    ...dims,
    networks: [],
    predictUser: (user) => blended(Int32Array.of(user)),
    scores: (): ScoreBlocks => ({ block: (u0, bu) => blended(range(u0, bu)), of: (users) => blended(users), dispose: () => undefined }),
    dispose: () => parts.forEach((p) => tf.dispose([p.codes, p.dw, p.db])),
  };
}
