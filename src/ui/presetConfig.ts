import type { TrainConfig } from '../model/config';

/** A preset's settings, but the user's test set and validation share stay as they are (a preset is about the model). */
export function applyPreset(preset: TrainConfig, current: TrainConfig): TrainConfig {
  const keep = { split: current.split, testRatio: current.testRatio, validRatio: current.validRatio, splitSeed: current.splitSeed };
  const next = { ...preset, ...keep };
  return next.validRatio === 0 ? { ...next, patience: 0 } : next;
}
