import { useCallback } from 'react';
import type { TrainConfig } from '../../config/config';
import { liveChanges, type LiveChanges } from '../../config/settings';

/**
 * A change of the settings: while a run is live, the live ones (LIVE_SETTINGS: learning rate, λ, dropout, …)
 * also go to it at once, taking effect at its next batch; the rest wait for the next run or a restart.
 */
export function useConfigChange(config: TrainConfig, setConfig: (c: TrainConfig) => void, live: boolean, setLive: (changes: LiveChanges) => void) {
  return useCallback(
    (c: TrainConfig) => {
      const changes = live ? liveChanges(config, c) : {};
      if (Object.keys(changes).length > 0) setLive(changes);
      setConfig(c);
    },
    [live, config, setConfig, setLive],
  );
}
