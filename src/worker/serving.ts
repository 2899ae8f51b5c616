import type { Holdout } from '../data/holdout';
import type { Dataset } from '../data/types';
import type { TrainConfig } from '../config/config';
import { defaultMinRatings, topNForAllUsers } from '../serve/recommend';
import { TOP_N_CSV_HEADER, topNCsvRows } from '../serve/top-n-csv';
import { itemTitle, recommendNamed } from '../serve/recommend-named';
import { itemCounts } from '../serve/model-view';
import type { EpochStats } from '../train/metrics';
import type { Trainer } from '../train/trainer';
import type { SavedBlend } from '../serve/model-file';
import { servedNetwork, type Served } from '../serve/served';
import { yieldToEventLoop } from '../train/training-run';
import { errorText } from './error-text';
import type { FromWorker } from './messages';
import type { ModelViews } from './views';

/** A kept model: what serves, its sets, and what saving it needs. */
export interface KeptModel {
  served: Served;
  split: Holdout;
  config: TrainConfig;
  dataset: Dataset;
  /** Its epochs (with those of the model it continues): what a saved network carries (none for a blend). */
  epochs: EpochStats[];
  /** A network's trainer: it saves, continues, and its kept weights serve. Absent for a blend. */
  trainer?: Trainer;
  /** A blend (Tune's result, or a blend's file): what its file holds. */
  blend?: SavedBlend;
  /** Frees its tensors. */
  dispose(): void;
}

/** A network's trainer as a kept model. */
export function keptNetwork(trainer: Trainer, k: Omit<KeptModel, 'served' | 'trainer' | 'blend' | 'dispose'>): KeptModel {
  return { ...k, served: servedNetwork(trainer), trainer, dispose: () => disposeQuietly(trainer) };
}

/**
 * The kept model and what it serves: the last run's (or an opened file's) kept model, until the next run or new
 * data, else the live run's once it has an epoch (`live`). It answers recommendations, "people who liked this
 * also liked" and the all-users export; saving a model (./model-file.ts) takes it from here too.
 */
export class Serving {
  private kept?: KeptModel;

  constructor(
    private readonly post: (msg: FromWorker) => void,
    private readonly loaded: () => Dataset | undefined,
    private readonly views: ModelViews,
    private readonly live: () => KeptModel | undefined,
  ) {}

  /** The last run's (or an opened file's) kept model. */
  get model(): KeptModel | undefined {
    return this.kept;
  }

  /** The model recommendations and saving use: the kept one, or the live run's once it has an epoch. */
  get current(): KeptModel | undefined {
    return this.kept ?? this.live();
  }

  /** Keeps `m` for recommendations; the model kept before is freed. */
  keep(m: KeptModel): void {
    this.drop();
    this.kept = m;
  }

  /** Frees the kept model. */
  drop(): void {
    try {
      this.kept?.dispose();
    } catch {
      // its backend was lost with the device
    }
    this.kept = undefined;
  }

  /** Lets go of the kept model without freeing it: it trains on (Continue), or its device is gone. */
  release(): void {
    this.kept = undefined;
  }

  async recommend(rawUser: number, minRatings?: number): Promise<void> {
    const m = this.current;
    const d = this.loaded();
    if (!m || !d) return this.post({ type: 'recommendError', message: 'Train a model first (recommendations use the kept epoch of the last run).' });
    try {
      const r = await recommendNamed(m.served, m.split, d, rawUser, 10, minRatings);
      this.post(r.ok ? { type: 'recommendations', result: r.result } : { type: 'recommendError', message: r.error });
    } catch (err) {
      this.post({ type: 'recommendError', message: errorText(err) });
    }
  }

  /** "People who liked this also liked": the items nearest `item` on the last map, among those with enough training ratings. */
  async neighbours(item: number): Promise<void> {
    const m = this.current;
    const d = this.loaded();
    if (!m || !d) return;
    const map = m.served.networks[0];
    const counts = itemCounts(map);
    const min = defaultMinRatings(counts);
    try {
      const near = await this.views.nearest(map, item, 10, (i) => counts[i] >= min);
      if (!near) return;
      this.post({ type: 'neighbours', item, minRatings: min, list: near.map((n) => ({ item: n.item, title: itemTitle(d, n.item), similarity: n.similarity, ratings: counts[n.item] })) });
    } catch {
      // the model went away meanwhile
    }
  }

  /** Every user's top n as one CSV file, computed in blocks of users with a progress message per block. */
  async exportAll(n: number, minRatings?: number): Promise<void> {
    const m = this.current;
    if (!m) return this.post({ type: 'exportError', message: 'Train a model first: there is nothing to recommend from yet.' });
    const started = performance.now();
    const parts: string[] = [TOP_N_CSV_HEADER];
    let users = 0;
    try {
      for await (const b of topNForAllUsers(m.served, m.split, { n, minRatings })) {
        parts.push(topNCsvRows(b, m.dataset));
        users += b.users.length;
        this.post({ type: 'exportProgress', done: b.done, total: b.total });
        await yieldToEventLoop();
      }
    } catch (err) {
      return this.post({ type: 'exportError', message: `The export failed: ${errorText(err)}` });
    }
    const file = new Blob(parts, { type: 'text/csv' });
    this.post({ type: 'exportFile', name: `autorec-top${n}-all-users.csv`, file, users, ms: Math.round(performance.now() - started) });
  }
}

/** A trainer whose device is gone cannot free its tensors; nothing else to do then. */
export function disposeQuietly(t: Trainer): void {
  try {
    t.dispose();
  } catch {
    // its backend was lost with the device
  }
}
