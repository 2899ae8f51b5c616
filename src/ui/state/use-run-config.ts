import { useMemo } from 'react';
import type { TrainConfig } from '../../config/config';

/** The settings a run gets: a preset split the loaded data lacks (u1 of another file) falls back to a random split. */
export function useRunConfig(config: TrainConfig, presetSplits: readonly string[] | undefined): TrainConfig {
  return useMemo(() => (['random', 'file', ...(presetSplits ?? [])].includes(config.split) ? config : { ...config, split: 'random' }), [config, presetSplits]);
}
