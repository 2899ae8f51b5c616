import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config/config';
import type { RatingModel } from '../model/rating-model';

/**
 * The averaged weights of a run that averages (config.average > 0: an exponential moving average over epochs,
 * see TrainConfig.average), a copy of `model` on the device; what evaluation, the kept epoch and predictions use.
 */
export function averagedWeights(config: Pick<TrainConfig, 'average'>, model: RatingModel): RatingModel | undefined {
  return config.average > 0 ? model.snapshot() : undefined;
}

/**
 * After an epoch's steps: A <- a A + (1 - a) W for every parameter; in the first epoch of a stage (the first
 * of the run, or the weights the next stage starts from: `stageBegins`) A becomes W.
 */
export function updateAverage(averaged: RatingModel, current: RatingModel, a: number, stageBegins: boolean): void {
  const w = current.params;
  if (stageBegins) {
    averaged.load(w);
    averaged.setStage(current.stage);
    return;
  }
  tf.tidy(() => averaged.params.forEach((v, k) => v.assign(tf.add(tf.mul(v, a), tf.mul(w[k], 1 - a)))));
}
