import type { ModelKind, TrainConfig } from './config';
import { D2L_DEFAULTS, noPatienceWithoutValidation, PLUS_ONLY, withPlusDefaults } from './settings';

/** A preset's settings, but the user's test set and validation share stay as they are (a preset is about the model). */
export function applyPreset(preset: TrainConfig, current: TrainConfig): TrainConfig {
  const keep = { split: current.split, testRatio: current.testRatio, validRatio: current.validRatio, splitSeed: current.splitSeed };
  return noPatienceWithoutValidation({ ...preset, ...keep });
}

/**
 * The settings with another model chosen: AutoRec+ brings its recommended settings (the preset's, but the user's
 * test set and validation share); back to AutoRec, AutoRec+'s own switches go back to AutoRec's values.
 */
export function switchModel(current: TrainConfig, model: ModelKind): TrainConfig {
  if (model === current.model) return current;
  if (model === 'plus') return withPlusDefaults(current);
  const next: TrainConfig = { ...current, model };
  for (const k of PLUS_ONLY) (next as unknown as Record<string, unknown>)[k] = D2L_DEFAULTS[k];
  return next;
}
