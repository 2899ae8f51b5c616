import { D2L_DEFAULTS } from '../../config/settings';
import type { EpochStats, TrainConfig } from '../../worker/messages';
import type { RunRecord } from './runs';

type OldEpoch = Partial<EpochStats> & Pick<EpochStats, 'epoch' | 'trainLoss' | 'testRmse' | 'ms'>;

/**
 * A run stored by an earlier version of the app, brought up to date: no validation (NaN), the learning
 * rate it started with, the last epoch kept. Such runs were split by `seed` alone, without validation.
 */
export function upgradeRun(r: RunRecord): RunRecord {
  const old = (r.config ?? {}) as Partial<TrainConfig>;
  let changed = !('patience' in old && 'splitSeed' in old && 'validRatio' in old);
  const config: TrainConfig = changed ? { ...D2L_DEFAULTS, patience: 0, validRatio: 0, splitSeed: old.seed ?? D2L_DEFAULTS.seed, ...old } : r.config;
  if (!Array.isArray(r.epochs)) changed = true;
  const epochs = ((Array.isArray(r.epochs) ? r.epochs : []) as OldEpoch[]).map((e): EpochStats => {
    if (e.selectedEpoch !== undefined && e.validRmse !== undefined && e.learningRate !== undefined) return e as EpochStats;
    changed = true;
    const validRmse = e.validRmse ?? NaN;
    return {
      trainRmse: NaN,
      testMae: NaN,
      tensors: 0,
      tensorBytes: 0,
      ...e,
      validRmse,
      validMae: e.validMae ?? NaN,
      learningRate: e.learningRate ?? config.learningRate,
      selectedEpoch: e.selectedEpoch ?? e.epoch,
      selectedValidRmse: e.selectedValidRmse ?? validRmse,
      selectedTestRmse: e.selectedTestRmse ?? e.testRmse,
    };
  });
  return changed ? { ...r, config, epochs } : r;
}
