import type { EpochStats } from '../../worker/messages';
import { learningRateChanges } from './run-label';
import type { RunRecord } from './runs';

export const EPOCH_CSV_HEADER = 'epoch,wall_ms,train_loss,train_rmse,valid_rmse,test_rmse,test_mae,learning_rate';
const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));

/** One line per epoch (EPOCH_CSV_HEADER); wall_ms is the time since the run started; an empty cell where there is no value (no validation share). */
export function runCsv(epochs: readonly EpochStats[]): string {
  let wall = 0;
  const rows = epochs.map((e) =>
    [e.epoch, Math.round((wall += e.ms)), e.trainLoss, e.trainRmse, e.validRmse, e.testRmse, e.testMae, e.learningRate].map(cell).join(','),
  );
  return [EPOCH_CSV_HEADER, ...rows].join('\n') + '\n';
}

/** The settings JSON of a run: its config, the backend, and the live learning-rate changes. */
export function runSettings(r: Pick<RunRecord, 'config' | 'backend' | 'epochs'>) {
  return { ...r.config, backend: r.backend, learningRateChanges: learningRateChanges(r.config.learningRate, r.epochs) };
}
