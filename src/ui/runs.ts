import type { BackendChoice, EpochStats, TrainConfig } from '../worker/messages';

/** A finished or stopped run, kept on the chart (faded) and in IndexedDB. */
export interface RunRecord {
  id: string;
  createdAt: number;
  dataset: string;
  /** The backend that trained (or the choice, if it never started). */
  backend: BackendChoice;
  config: TrainConfig;
  epochs: EpochStats[];
  visible: boolean;
  pinned: boolean;
}

const sci = (v: number) => v.toExponential(0).replace('e-', 'e−');

/** The settings that tell runs apart, short enough for a legend. */
export function runLabel(c: TrainConfig, backend?: string): string {
  const parts = [
    `${c.variant}-AutoRec`,
    `h${c.hidden}${c.extraLayers ? `×${c.extraLayers + 1}` : ''}`,
    `${c.encoder}/${c.decoder}`,
    `${c.optimizer} ${sci(c.learningRate)}`,
    `λ ${sci(c.l2)}`,
    `drop ${c.dropout}`,
    `b${c.batchSize}`,
    c.compute,
    c.split === 'random' ? `seed ${c.seed}` : `split ${c.split}`,
  ];
  return backend ? `${parts.join(' · ')} · ${backend}` : parts.join(' · ');
}

/** epoch, wall_ms (since the run started), train_loss, test_rmse, test_mae. */
export function runCsv(epochs: EpochStats[]): string {
  let wall = 0;
  const rows = epochs.map((e) => [e.epoch, Math.round((wall += e.ms)), e.trainLoss, e.testRmse, e.testMae].join(','));
  return ['epoch,wall_ms,train_loss,test_rmse,test_mae', ...rows].join('\n') + '\n';
}

/** Faded colours for earlier runs; the pinned baseline gets its own. */
export const HISTORY_COLORS = ['#9b59b6', '#16a085', '#d35400', '#2980b9', '#c0392b', '#7f8c8d', '#27ae60', '#8e44ad'];
export const PINNED_COLOR = '#e67e22';
