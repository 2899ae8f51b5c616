import type { BackendChoice, EpochStats, SpaceJson, TrainConfig, TrialResult, Tunable } from '../../worker/messages';

/** A finished or stopped run, kept on the chart (faded) and in IndexedDB. */
export interface RunRecord {
  id: string;
  createdAt: number;
  dataset: string;
  /** The backend that trained (or the choice, if it never started). */
  backend: BackendChoice;
  /** As the run started: a live change (learning rate, λ, dropout, λs) shows in the epochs (see live-changes.ts). */
  config: TrainConfig;
  epochs: EpochStats[];
  visible: boolean;
  pinned: boolean;
  /** The run's colour in the history list and on the chart, chosen once as it is saved (see pickColor). */
  color?: string;
  /** A Tune search (its config and epochs are those of its best trial; their test figures are NaN: trials never see the test set). */
  tune?: TuneRecord;
}

export interface TuneRecord {
  space: SpaceJson;
  searched: Tunable[];
  trials: TrialResult[];
  bestTrial: number;
  /** The trials blended for the reported model, and whether their weights were fitted on validation (else an average). */
  members: number[];
  fitted?: boolean;
  /** Each member's weight in the reported model (same order as members; absent in runs saved before it was kept). */
  weights?: number[];
  validRmse: number;
  /** The reported model's test RMSE, measured once after the search. */
  testRmse: number;
  minutes: number;
  /** The recipe's name when the search trained one (e.g. "AutoRec+ blend"), and whether the tested models were refit. */
  recipe?: string;
  refit?: boolean;
}

/** The kept model of a run so far: what a run reports and what recommendations use. */
export interface Kept {
  epoch: number;
  /** NaN when the run had no validation share (the last epoch is kept). */
  validRmse: number;
  testRmse: number;
  /** False when there is no validation share: the kept epoch is simply the last one. */
  byValidation: boolean;
}

/** The kept epoch as of the latest epoch (undefined before the first). */
export function keptOf(epochs: readonly EpochStats[]): Kept | undefined {
  const last = epochs.at(-1);
  if (!last) return undefined;
  return { epoch: last.selectedEpoch, validRmse: last.selectedValidRmse, testRmse: last.selectedTestRmse, byValidation: Number.isFinite(last.selectedValidRmse) };
}
