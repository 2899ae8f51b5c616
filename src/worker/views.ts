import type { Dataset } from '../data/types';
import type { TrainConfig } from '../config/config';
import { itemInfo, ModelViewer, viewDue } from '../serve/model-view';
import type { EpochStats } from '../train/metrics';
import type { Trainer } from '../train/trainer';
import type { FromWorker } from './messages';

/** Views during a run at most this often (each is a pass over every item, a PCA and a render on the page). */
const VIEW_EVERY_MS = 1000;
/**
 * And at most this share of a run's time: the next view starts no sooner than 1 / share times the last one's length
 * after it started. On wasm a view of ML-100K's items takes ~0.1 s (the one-a-second limit holds); on cpu, whose
 * fused step trains an epoch in ~50 ms, tfjs's JavaScript ops take ~1.8 s for it (the PCA's 500 x 500 covariance):
 * without this the run spent most of its time making views, and a Pause waited for them.
 */
const VIEW_SHARE = 0.2;

/**
 * The kept model's item map and network view for the page: during a run when due (at most one a second), at
 * its end and for an opened model always; one at a time, a view asked for meanwhile follows it. The item
 * titles go along once per dataset.
 */
export class ModelViews {
  /** The dataset whose item titles the page has. */
  private infoFor?: Dataset;
  private again?: { trainer: Trainer; d: Dataset };
  /** When the last view during a run was made, and how long it took (ms). */
  private lastAt = -Infinity;
  private lastCost = 0;

  constructor(
    private readonly post: (msg: FromWorker) => void,
    private readonly loaded: () => Dataset | undefined,
    private readonly viewer: Pick<ModelViewer, 'view' | 'neighbours'> = new ModelViewer(),
  ) {}

  /** A new run: its first due view is made at once. */
  restart(): void {
    this.lastAt = -Infinity;
    this.lastCost = 0;
  }

  /** After an epoch of a run: a view when one is due; the next epoch waits for it (no view tensor lives into it). */
  afterEpoch(stats: EpochStats, trainer: Trainer, config: TrainConfig, d: Dataset): Promise<void> | undefined {
    const byItem = config.variant === 'I';
    const now = performance.now();
    // from the start of the last view: its cost is then at most VIEW_SHARE of the time since
    const wait = Math.max(VIEW_EVERY_MS, this.lastCost / VIEW_SHARE);
    if (viewDue(stats.epoch, byItem ? trainer.trainData.train.rows : trainer.trainData.train.cols, config.hidden) && now - this.lastAt >= wait) {
      this.lastAt = now;
      return this.show(trainer, d);
    }
  }

  /** The kept model's item map and network statistics (skipped while one is being made); item titles once per dataset. */
  async show(trainer: Trainer, d: Dataset): Promise<void> {
    try {
      const started = performance.now();
      const view = await this.viewer.view(trainer);
      if (!view) {
        this.again = { trainer, d }; // one is being made: this one follows it
        return;
      }
      this.lastCost = performance.now() - started;
      const again = this.again;
      this.again = undefined;
      if (again) void this.show(again.trainer, again.d);
      if (d !== this.loaded()) return;
      const info = this.infoFor === d ? undefined : itemInfo(d, trainer);
      this.infoFor = d;
      this.post({ type: 'modelView', view, ...(info && { info }) });
    } catch {
      // a view is best-effort: a run that ends (or a device that is lost) while it is made takes it along
    }
  }

  /** The k items nearest `item` on the kept model's item vectors, among the `eligible`. */
  nearest(trainer: Trainer, item: number, k: number, eligible: (i: number) => boolean): ReturnType<ModelViewer['neighbours']> {
    return this.viewer.neighbours(trainer, item, k, eligible);
  }
}
