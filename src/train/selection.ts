import type { RatingModel } from '../model/rating-model';

/** The epoch a run keeps (lowest validation RMSE; the last finite epoch without validation) and its figures. */
export interface Selected {
  epoch: number;
  validRmse: number;
  testRmse: number;
}

const NONE_SELECTED: Selected = { epoch: 0, validRmse: Infinity, testRmse: NaN };

/**
 * Model selection: the kept epoch so far and a device-side copy of its weights (no readback), which serves
 * predictions rather than the last epoch's. The copy starts as the initial weights, so that from the first
 * step on the device holds what it will hold in every later epoch (the current weights, the kept ones, a
 * step's new ones) and GPU memory is flat from epoch to epoch.
 */
export class Selection {
  private chosen: Selected = NONE_SELECTED;

  constructor(readonly kept: RatingModel) {}

  /** The epoch kept so far (epoch 0 when none is kept yet). */
  get current(): Selected {
    return { ...this.chosen };
  }

  /** Continues from a checkpoint's or a saved model's selection (its weights are loaded into `kept` apart). */
  restore(s: Selected): void {
    this.chosen = { ...s };
  }

  /**
   * After an epoch's evaluation: keeps it when it is finite and better on validation (every finite epoch when
   * nothing validates), copying the evaluated weights and the model's stage into the kept ones; says whether it did.
   */
  offer(epoch: number, figures: { validRmse: number; testRmse: number; finite: boolean }, validates: boolean, evaluated: RatingModel, stage: string): boolean {
    const { validRmse, testRmse, finite } = figures;
    const better = finite && (validates ? validRmse < this.chosen.validRmse : true);
    if (better) {
      this.chosen = { epoch, validRmse, testRmse };
      this.kept.load(evaluated.params);
      this.kept.setStage(stage);
    }
    return better;
  }

  /** The model predictions use: the kept epoch's weights, or the evaluated ones before any epoch is kept. */
  serving(evaluated: RatingModel): RatingModel {
    return this.chosen.epoch > 0 ? this.kept : evaluated;
  }
}

/**
 * Whether validation has stalled: no better validation RMSE for `patience` epochs (0 = never) since the kept
 * epoch or the start of the current stage, whichever is later. Early stopping ends a run there; a model with a
 * later stage (AutoRec+'s global kernel) begins it there instead.
 */
export function stalled(patience: number, validates: boolean, epoch: number, selectedEpoch: number, stageStart: number): boolean {
  return patience > 0 && validates && epoch - Math.max(selectedEpoch, stageStart) >= patience;
}
