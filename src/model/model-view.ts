import type * as tf from '@tensorflow/tfjs';
import { itemVectors, nearestItems, projectPca, type ItemProjection } from './item-map';
import { networkStats, type NetworkStats } from './network-stats';
import type { AutoRecTrainer } from './trainer';

/** What the item map and the network view show of the kept model after an epoch. */
export interface ModelView {
  epoch: number;
  map: ItemProjection;
  network: NetworkStats;
}

/**
 * Whether the view is remade after this epoch: every epoch while it is cheap (at most 1M item-vector floats, ML-100K
 * at 500 hidden units), every 3rd up to 10M, else every 5th; always after the first.
 */
export function viewDue(epoch: number, items: number, hidden: number): boolean {
  const size = items * hidden;
  const every = size <= 1e6 ? 1 : size <= 1e7 ? 3 : 5;
  return epoch === 1 || epoch % every === 0;
}

/** Makes views of a trainer's kept model and keeps the last item vectors, for "items like this one". */
export class ModelViewer {
  private vectors?: { trainer: AutoRecTrainer; X: tf.Tensor2D };
  private busy = false;

  /** The view, or undefined while one is being made (a view is skipped rather than queued). */
  async view(trainer: AutoRecTrainer): Promise<ModelView | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    try {
      const epoch = trainer.epoch;
      const X = itemVectors(trainer);
      this.keep(trainer, X);
      const [map, network] = [await projectPca(X), await networkStats(trainer)];
      return { epoch, map, network };
    } finally {
      this.busy = false;
    }
  }

  /** The k items nearest `item` in the last view's vectors (of this trainer), or undefined without one. */
  async neighbours(trainer: AutoRecTrainer, item: number, k: number, eligible?: (i: number) => boolean): Promise<{ item: number; similarity: number }[] | undefined> {
    const v = this.vectors;
    if (!v || v.trainer !== trainer || item < 0 || item >= v.X.shape[0]) return undefined;
    return nearestItems(v.X, item, k, eligible);
  }

  dispose(): void {
    this.vectors?.X.dispose();
    this.vectors = undefined;
  }

  private keep(trainer: AutoRecTrainer, X: tf.Tensor2D): void {
    this.dispose();
    this.vectors = { trainer, X };
  }
}

/** What the item map needs of the items once per dataset: titles, genres and training ratings per item (dense index). */
export interface ItemInfo {
  titles: string[];
  genres?: { names: readonly string[]; items: Int32Array };
  ratings: Int32Array;
}

/** Training ratings per item, from the trainer's matrix (rows are items for I-AutoRec, columns for U-AutoRec). */
export function itemCounts(trainer: AutoRecTrainer): Int32Array {
  const { train } = trainer.trainData;
  if (trainer.trainConfig.variant === 'I') return Int32Array.from({ length: train.rows }, (_, r) => train.rowPtr[r + 1] - train.rowPtr[r]);
  const counts = new Int32Array(train.cols);
  for (let k = 0; k < train.colIdx.length; k++) counts[train.colIdx[k]]++;
  return counts;
}

export function itemInfo(d: { itemIds: Int32Array; titles?: readonly string[]; genres?: ItemInfo['genres'] }, trainer: AutoRecTrainer): ItemInfo {
  return {
    titles: Array.from(d.itemIds, (id, i) => d.titles?.[i] || `item ${id}`),
    ...(d.genres && { genres: d.genres }),
    ratings: itemCounts(trainer),
  };
}
