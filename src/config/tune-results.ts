import type { TrainConfig } from './config';
import type { RankingFigures } from '../data/ranking';
import type { Tunable } from './tune-space';

// What a search reports (the Tuner makes these; the worker posts them; the page and `npm run tune` show them).

/**
 * How the final model combines its members' predictions: intercept + Σ weights[k] · preds[k], clipped to the
 * rating range. The plain average of the first k members is weights 1/k (then zeros), intercept 0.
 */
export interface Blend {
  readonly weights: readonly number[];
  readonly intercept: number;
  /** Whether the weights were fitted on validation (least squares), rather than an equal average. */
  readonly fitted: boolean;
}

/** Folds of the cross-validation that judges a fitted blend: entry k is in fold k mod FOLDS. */
export const FOLDS = 5;

export type TrialEnd = 'early-stopped' | 'completed' | 'pruned' | 'diverged' | 'budget' | 'stopped' | 'refused' | 'failed';

export interface TrialResult {
  /** 1-based, in the order trials ran. */
  id: number;
  config: TrainConfig;
  /** The searched settings' values of this trial. */
  values: Partial<Record<Tunable, number | string>>;
  /** Epochs trained, the kept (validation-selected) epoch and its validation RMSE (NaN when none was kept). */
  epochs: number;
  bestEpoch: number;
  validRmse: number;
  ms: number;
  end: TrialEnd;
  message?: string;
  /** Live tensors, their bytes and device bytes after the trial's tensors were freed: flat from trial to trial. */
  tensors: number;
  tensorBytes: number;
  gpuBytes?: number;
  wasmHeapBytes?: number;
}

export interface TuneResult {
  /** The best trial by validation RMSE. */
  best: TrialResult;
  /** The trials whose blended predictions are the reported model (just the best one when blending does not help on validation). */
  members: number[];
  /**
   * How the members' predictions are combined (same order as members): an equal average or weights fitted on
   * validation (on the kept models' predictions; after a refit they are applied to the refit models).
   */
  blend: Blend;
  /** Cross-validated validation RMSE of a blend of the top trials fitted on validation (when TuneOptions.fitBlend tried one). */
  fittedValidRmse?: number;
  /** Validation RMSE of the reported model, and of the best trial alone. */
  validRmse: number;
  bestValidRmse: number;
  /** Validation RMSE of the average of the best k trials (k = 1, 2, ...: the choices the ensemble was picked from). */
  validBySize: number[];
  /** The reported model's test RMSE and MAE: the test set's one evaluation, after the search. */
  testRmse: number;
  testMae: number;
  /**
   * The reported model's precision, recall and NDCG at 10 on the test ratings (src/data/ranking.ts; the blend's
   * unclipped scores ranked), measured with RMSE's one test evaluation; NaN where not measured. Absent in results
   * saved before them.
   */
  testPrecision10?: number;
  testRecall10?: number;
  testNdcg10?: number;
  /** The same figures of recommending the most-rated training items, on the same users. */
  popular?: RankingFigures;
  /**
   * A recipe stopped before all its members had finished: how many had (the result is theirs: a member stopped
   * part-way is left out, and those never started with it), of how many it has.
   */
  stoppedAfter?: { finished: number; of: number };
  /** Whether the tested models were refit on training + validation (TuneOptions.refit). */
  refit: boolean;
  trials: number;
  /** Search time (paused time not counted), the final evaluation included. */
  minutes: number;
}

