import type { TrainConfig } from '../config/config';
import type { RatingModel } from '../model/rating-model';
import { stalled } from './selection';

/** Where a run stands after an epoch, as the choice of a next stage needs it. */
export interface StageClock {
  epoch: number;
  /** The kept epoch (0: none kept yet) and the epoch the current stage began after. */
  selectedEpoch: number;
  stageStart: number;
  /** Whether validation ratings exist (without them a stage never stalls). */
  validates: boolean;
}

/**
 * Moves the model to its next stage when it has one and its time has come: the last `laterStageEpochs` epochs
 * of the run (with an epoch cap), or sooner when the stage has stalled for `patience` epochs. The next stage starts from the kept
 * (validation-selected) weights. Returns the epoch the stage in effect began after (`at.stageStart`, or this
 * epoch when a stage begins).
 */
export function nextStage(model: RatingModel, kept: RatingModel, config: Pick<TrainConfig, 'epochs' | 'patience'>, at: StageClock): number {
  const { patience } = config;
  // no epoch cap (0): the later stage begins when the current one stalls
  const epochs = config.epochs > 0 ? config.epochs : Infinity;
  const isStalled = stalled(patience, at.validates, at.epoch, at.selectedEpoch, at.stageStart);
  const due = epochs - model.laterStageEpochs;
  if (!model.hasNextStage || !(at.epoch >= due || isStalled) || at.epoch >= epochs) return at.stageStart;
  if (at.selectedEpoch > 0) model.load(kept.params);
  model.beginNextStage();
  return at.epoch;
}
