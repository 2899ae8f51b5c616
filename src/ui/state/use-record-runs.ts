import { startTransition, useEffect, useRef, type RefObject } from 'react';
import type { BackendChoice } from '../../config/config';
import { RECIPES } from '../../config/tune-recipe';
import type { SpaceJson } from '../../config/tune-space';
import type { BackendInfo, DatasetSummary, EpochStats } from '../../worker/messages';
import type { RunRecord } from './runs';
import type { CurrentRun } from './use-run-control';
import type { Phase } from './session-view';
import type { TuneUiState } from './use-tuner';

interface RecordRunsArgs {
  /** The run shown, as the trainer reports it. */
  phase: Phase;
  epochs: EpochStats[];
  backendInfo?: BackendInfo;
  dataset?: DatasetSummary;
  /** Who the run shown is (useRunControl sets it as a run starts). */
  current: RefObject<CurrentRun | undefined>;
  /** The search, and the backend chosen and the space it searched. */
  tune: TuneUiState;
  backend: BackendChoice;
  space: SpaceJson;
  save: (r: RunRecord) => void;
}

/** Runs and searches that end join the history (and IndexedDB), once each. */
export function useRecordRuns({ phase, epochs, backendInfo, dataset, current, tune, backend, space, save }: RecordRunsArgs): void {
  // A run that ends joins the history once.
  useEffect(() => {
    const c = current.current;
    if (!c || (phase !== 'finished' && phase !== 'stopped') || epochs.length === 0) return;
    startTransition(() => save({ ...c, backend: backendInfo?.name ?? c.backend, epochs, visible: true, pinned: false }));
  }, [phase, epochs, save, backendInfo]);

  // A search that ends with a reported model joins the history once, as its best trial's settings and curve.
  const spaceRef = useRef(space);
  spaceRef.current = space;
  const tuneResult = tune.result;
  const tuneState = useRef(tune);
  tuneState.current = tune;
  useEffect(() => {
    if (!tuneResult) return;
    const t = tuneState.current;
    const now = Date.now();
    const best = tuneResult.best;
    const record: RunRecord = {
      id: `tune-${now}`,
      createdAt: now,
      dataset: dataset?.source ?? '',
      backend: backendInfo?.name ?? backend,
      config: best.config,
      epochs: t.epochs[best.id] ?? [],
      visible: false,
      pinned: false,
      tune: { space: spaceRef.current, searched: t.searched, trials: t.trials, bestTrial: best.id, members: tuneResult.members, fitted: tuneResult.blend.fitted, weights: [...tuneResult.blend.weights], validRmse: tuneResult.validRmse, testRmse: tuneResult.testRmse, minutes: tuneResult.minutes, ...(t.recipe && { recipe: RECIPES[t.recipe]?.name ?? t.recipe }), refit: tuneResult.refit },
    };
    startTransition(() => save(record));
  }, [tuneResult, save]);
}
