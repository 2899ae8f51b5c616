import { useEffect, useRef, useState, type RefObject } from 'react';
import type { BackendChoice, TrainConfig } from '../../config/config';
import type { useTrainer } from './use-trainer';

/** The run shown: what the history saves when it ends (its id, and its settings as it started). */
export interface CurrentRun {
  id: string;
  createdAt: number;
  config: TrainConfig;
  backend: BackendChoice;
  dataset: string;
}

/**
 * Start, restart with other settings, reset, continue an opened model, and play/pause: each start sets the
 * run shown (`current`). Call it after useRecordRuns: a run stopped for a restart joins the history before the
 * restart replaces it.
 */
export function useRunControl(
  trainer: ReturnType<typeof useTrainer>,
  current: RefObject<CurrentRun | undefined>,
  runConfig: TrainConfig,
  backend: BackendChoice,
  /** Why these settings cannot start (useRunPlan): play does not start them. */
  blocked: string | undefined,
) {
  const { state } = trainer;
  const { phase } = state;
  const startWith = (c: TrainConfig, b: BackendChoice) => {
    const now = Date.now();
    current.current = { id: `run-${now}`, createdAt: now, config: c, backend: b, dataset: state.dataset?.source ?? '' };
    trainer.start(c, b);
  };
  const start = () => startWith(runConfig, backend);

  // Restart with these settings: stop the live run (within a batch), let it end and join the history like any
  // stopped run, then start the new one.
  const [restartTo, setRestartTo] = useState<{ config: TrainConfig; backend: BackendChoice }>();
  const restart = () => {
    setRestartTo({ config: runConfig, backend });
    trainer.stop();
  };
  const restartRef = useRef(startWith);
  restartRef.current = startWith;
  useEffect(() => {
    if (!restartTo || (phase !== 'finished' && phase !== 'stopped')) return;
    setRestartTo(undefined);
    restartRef.current(restartTo.config, restartTo.backend);
  }, [phase, restartTo]);
  const reset = () => {
    setRestartTo(undefined);
    trainer.reset();
  };

  /** More epochs for the model file opened: a run of its own in the history. */
  const continueModel = (more: number) => {
    const m = state.openedModel;
    const now = Date.now();
    if (m) current.current = { id: `run-${now}`, createdAt: now, config: m.config, backend, dataset: state.dataset?.source ?? '' };
    trainer.continueModel(more);
  };

  /** Space: pause a running run, resume a paused one, or start one when these settings can. */
  const toggle = () => {
    if (phase === 'running') trainer.pause();
    else if (phase === 'paused') trainer.resume();
    else if (state.dataset && !blocked && (phase === 'ready' || phase === 'finished' || phase === 'stopped')) start();
  };

  return { start, restart, restarting: restartTo !== undefined, reset, continueModel, toggle };
}
