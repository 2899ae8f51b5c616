import { useMemo } from 'react';
import type { BackendChoice, TrainConfig } from '../../config/config';
import { LIVE_SETTINGS, SETTING_KEYS, SETTINGS } from '../../config/settings';

/**
 * What differs between the settings of the run (as it started) and `now`, in words ("hidden units 16 → 24"):
 * what a restart would change. The live settings (learning rate, λ, dropout, …) apply live, so they never need one.
 */
function changedSettings(was: { config: TrainConfig; backend: BackendChoice }, now: { config: TrainConfig; backend: BackendChoice }): string[] {
  const words = SETTING_KEYS.filter((k) => !(LIVE_SETTINGS as readonly string[]).includes(k) && was.config[k] !== now.config[k]).map(
    (k) => `${SETTINGS[k].label} ${String(was.config[k])} → ${String(now.config[k])}`,
  );
  if (was.backend !== now.backend) words.push(`backend ${was.backend} → ${now.backend}`);
  return words;
}

/** The settings changed since the run shown started (none without one): its details stay, the plan for the next run shows beside them. */
export function useChangedSettings(shownRun: { config: TrainConfig; backend: BackendChoice } | undefined, runConfig: TrainConfig, backend: BackendChoice): string[] {
  return useMemo(() => (shownRun ? changedSettings(shownRun, { config: runConfig, backend }) : []), [shownRun, runConfig, backend]);
}
