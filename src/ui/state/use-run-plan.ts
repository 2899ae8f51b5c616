import { useEffect, useRef } from 'react';
import type { BackendChoice, TrainConfig } from '../../config/config';
import { configToQuery } from '../../config/settings';
import type { useTrainer } from './use-trainer';
import type { TunePhase } from './use-tuner';

/**
 * Why Start is off while a search runs: not an error in the settings, only a wait (RunButtons says it calmly,
 * not as a refusal).
 */
export const SEARCH_RUNNING = 'A search is running: Start is free again when it ends (or when you stop it).';

/** How long the settings rest before the worker is asked for their memory plan. */
const PLAN_DEBOUNCE_MS = 150;

/**
 * The memory plan of the next run's settings, asked for (debounced) whenever the data, the settings or the
 * backend change; whether the plan shown is for these settings; and why they cannot start, if they cannot.
 */
export function useRunPlan(trainer: ReturnType<typeof useTrainer>, runConfig: TrainConfig, backend: BackendChoice, tunePhase: TunePhase) {
  const { state, plan: askPlan } = trainer;
  const settingsKey = configToQuery(runConfig, backend);
  const dataset = state.dataset;
  const planFor = useRef({ config: runConfig, backend });
  planFor.current = { config: runConfig, backend };
  useEffect(() => {
    if (!dataset) return;
    const t = setTimeout(() => askPlan(planFor.current.config, planFor.current.backend), PLAN_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [dataset, settingsKey, state.backend, askPlan]);
  const shownPlan = state.plan;
  const planCurrent = shownPlan !== undefined && configToQuery(shownPlan.config, shownPlan.backend) === settingsKey;
  /**
   * Why these settings cannot start (from the plan made for them), else SEARCH_RUNNING while a search holds the
   * worker: Start and Restart stay off and say so.
   */
  const tuning = tunePhase === 'starting' || tunePhase === 'running' || tunePhase === 'paused' || tunePhase === 'evaluating';
  const blocked = (planCurrent ? shownPlan.plan.refusal : undefined) ?? (tuning ? SEARCH_RUNNING : undefined);
  return { shownPlan, planCurrent, blocked };
}
