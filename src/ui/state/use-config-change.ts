import { useCallback } from 'react';
import type { TrainConfig } from '../../config/config';

/** A change of the settings: a new learning rate also goes to the live run at once (the rest waits for the next run). */
export function useConfigChange(config: TrainConfig, setConfig: (c: TrainConfig) => void, live: boolean, setLearningRate: (value: number) => void) {
  return useCallback(
    (c: TrainConfig) => {
      if (live && c.learningRate !== config.learningRate) setLearningRate(c.learningRate);
      setConfig(c);
    },
    [live, config.learningRate, setLearningRate],
  );
}
