import type { EpochStats } from '../../worker/messages';
import { liveChangesOf, settingsAsEnded } from './live-changes';
import type { RunRecord } from './runs';

export const EPOCH_CSV_HEADER = 'epoch,wall_ms,train_loss,train_rmse,valid_rmse,test_rmse,test_mae,learning_rate,l2,dropout,kernel_l2,test_precision10,test_recall10,test_ndcg10';
const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));

/**
 * One line per epoch (EPOCH_CSV_HEADER), with the live settings in effect and the ranking figures at 10 (src/data/ranking.ts);
 * wall_ms is the time since the run started; an empty cell where there is no value (no validation share, no ranking measured).
 */
export function runCsv(epochs: readonly EpochStats[]): string {
  let wall = 0;
  const rows = epochs.map((e) =>
    [e.epoch, Math.round((wall += e.ms)), e.trainLoss, e.trainRmse, e.validRmse, e.testRmse, e.testMae, e.learningRate, e.l2, e.dropout, e.kernelL2, e.testPrecision10, e.testRecall10, e.testNdcg10].map(cell).join(','),
  );
  return [EPOCH_CSV_HEADER, ...rows].join('\n') + '\n';
}

/**
 * The settings JSON of a run: its config as it started, the backend, each live change (the first epoch trained with the
 * new value) and the settings as it ended, which "Use settings" restores.
 */
export function runSettings(r: Pick<RunRecord, 'config' | 'backend' | 'epochs'>) {
  return { ...r.config, backend: r.backend, liveChanges: liveChangesOf(r.config, r.epochs), asEnded: settingsAsEnded(r.config, r.epochs) };
}
