import { itemVectors, nearestItems, projectPca, type ItemProjection } from './item-map';
import { networkStats, type NetworkStats } from './network-stats';
import type { Trainer } from '../train/trainer';

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

/**
 * Makes views of a trainer's kept model, one at a time. It keeps no tensor between views (the run's tensor count
 * stays flat from epoch to epoch): "items like this one" computes the vectors again.
 */
export class ModelViewer {
  private busy = false;
  /** The last map's axes: the next map's PCA starts from them (plain numbers, no tensor). */
  private readonly warm: { basis?: Float64Array[] } = {};

  /** The view, or undefined while one is being made (a view is skipped rather than queued). */
  async view(trainer: Trainer): Promise<ModelView | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    try {
      const epoch = trainer.epoch;
      const X = itemVectors(trainer);
      let map: ItemProjection;
      try {
        map = await projectPca(X, this.warm);
      } finally {
        X.dispose();
      }
      return { epoch, map, network: await networkStats(trainer) };
    } finally {
      this.busy = false;
    }
  }

  /** The k items nearest `item` by the kept model's item vectors, or undefined for an item it does not have. */
  async neighbours(trainer: Trainer, item: number, k: number, eligible?: (i: number) => boolean): Promise<{ item: number; similarity: number }[] | undefined> {
    const X = itemVectors(trainer);
    try {
      return item < 0 || item >= X.shape[0] ? undefined : await nearestItems(X, item, k, eligible);
    } finally {
      X.dispose();
    }
  }
}

/** What the item map needs of the items once per dataset: titles, genres and training ratings per item (dense index). */
export interface ItemInfo {
  titles: string[];
  genres?: { names: readonly string[]; items: Int32Array };
  ratings: Int32Array;
}

/** Training ratings per item, from the trainer's matrix (rows are items for I-AutoRec, columns for U-AutoRec). */
export function itemCounts(trainer: Trainer): Int32Array {
  const { train } = trainer.trainData;
  if (trainer.trainConfig.variant === 'I') return Int32Array.from({ length: train.rows }, (_, r) => train.rowPtr[r + 1] - train.rowPtr[r]);
  const counts = new Int32Array(train.cols);
  for (let k = 0; k < train.colIdx.length; k++) counts[train.colIdx[k]]++;
  return counts;
}

export function itemInfo(d: { itemIds: Int32Array; titles?: readonly string[]; genres?: ItemInfo['genres'] }, trainer: Trainer): ItemInfo {
  return {
    titles: Array.from(d.itemIds, (id, i) => d.titles?.[i] || `item ${id}`),
    ...(d.genres && { genres: d.genres }),
    ratings: itemCounts(trainer),
  };
}
