import * as tf from '@tensorflow/tfjs';
import type { RatingTriples } from '../data/types';

/** One of the user's own ratings that a recommendation sits nearest to in the model's learned item space. */
export interface Because {
  /** Dense item index. */
  item: number;
  rating: number;
  /** Cosine of the two items' learned vectors (serve/item-map.ts itemVectors). */
  similarity: number;
}

/**
 * Why each recommended item: the user's liked training ratings (at or above their own mean rating) whose learned
 * vectors point most the same way as the recommended item's (cosine), k per item, nearest first. For I-AutoRec the
 * vectors are the items' hidden codes (what the encoder makes of who rated them), for U-AutoRec their decoder rows:
 * items the model puts near each other are those its predictions treat alike, so the nearest ones the user liked
 * are the ratings behind the recommendation in the model's own terms. One matMul of [recommended, rated], one
 * readback.
 */
export async function becauseOf(vectors: tf.Tensor2D, recommended: readonly number[], train: RatingTriples, user: number, k = 3): Promise<Because[][]> {
  const rated: { item: number; rating: number }[] = [];
  for (let j = 0; j < train.users.length; j++) if (train.users[j] === user) rated.push({ item: train.items[j], rating: train.ratings[j] });
  if (rated.length === 0 || recommended.length === 0) return recommended.map(() => []);
  const mean = rated.reduce((s, r) => s + r.rating, 0) / rated.length;
  const liked = rated.filter((r) => r.rating >= mean);
  const simsT = tf.tidy(() => {
    const unit = (ids: readonly number[]) => {
      const x = tf.gather(vectors, tf.tensor1d(Int32Array.from(ids), 'int32')) as tf.Tensor2D;
      return tf.div(x, tf.add(tf.norm(x, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
    };
    return tf.matMul(unit(recommended), unit(liked.map((r) => r.item)), false, true);
  });
  const sims = (await simsT.data()) as Float32Array;
  simsT.dispose();
  return recommended.map((_, a) => {
    const row = liked.map((r, b) => ({ ...r, similarity: sims[a * liked.length + b] }));
    row.sort((x, y) => y.similarity - x.similarity || y.rating - x.rating || x.item - y.item);
    return row.slice(0, k);
  });
}
