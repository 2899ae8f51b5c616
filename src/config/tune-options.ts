import type { Parsed } from './tune-space';

/** How a search spends its budget. */
export interface TuneOptions {
  /** Stop starting trials after this many minutes (paused time not counted); 0 = no time limit. */
  minutes: number;
  /** At most this many trials; 0 = no limit (then minutes must be set). */
  trials: number;
  /** Most epochs of one trial. */
  maxEpochs: number;
  /** A trial stops when its validation RMSE has not improved for this many epochs. */
  patience: number;
  /** ASHA's first rung (epochs) and its reduction factor. */
  minEpochs: number;
  eta: number;
  /** Seeds the quasi-random draws (trial k's weights are seeded with the base seed + k). */
  seed: number;
  /** The top trials (by validation) whose averaged predictions may be chosen instead of the best one alone. */
  ensembleTop: number;
  /**
   * 1: after choosing, each chosen trial is trained again from its seed on training + validation ratings for as
   * many epochs as it kept, and those models are the ones tested (the choice stays the validation split's). 0 = off.
   */
  refit: number;
  /**
   * 1: the final model may weight its members by least squares fitted on validation (an intercept too), when that
   * blend's cross-validated validation RMSE beats the best plain average; 0 = plain averages only.
   */
  fitBlend: number;
}

export const DEFAULT_TUNE: TuneOptions = { minutes: 10, trials: 0, maxEpochs: 200, patience: 10, minEpochs: 20, eta: 3, seed: 0, ensembleTop: 10, refit: 0, fitBlend: 1 };

/** Rules of each option: [min, max, whole number, words, --flag]. The one rule book for the panel, URL and command line. */
export const TUNE_RULES: { readonly [K in keyof TuneOptions]: { min: number; max: number; int: boolean; label: string; flag: string } } = {
  minutes: { min: 0, max: 24 * 60, int: false, label: 'budget (minutes)', flag: 'budget-min' },
  trials: { min: 0, max: 100_000, int: true, label: 'budget (trials)', flag: 'trials' },
  maxEpochs: { min: 1, max: 100_000, int: true, label: 'most epochs per trial', flag: 'max-epochs' },
  patience: { min: 1, max: 100_000, int: true, label: 'patience per trial', flag: 'trial-patience' },
  minEpochs: { min: 1, max: 100_000, int: true, label: 'first rung (epochs)', flag: 'min-epochs' },
  eta: { min: 2, max: 10, int: true, label: 'halving factor', flag: 'eta' },
  seed: { min: 0, max: 2 ** 31 - 1, int: true, label: 'search seed', flag: 'search-seed' },
  ensembleTop: { min: 1, max: 20, int: true, label: 'ensemble of at most', flag: 'ensemble' },
  refit: { min: 0, max: 1, int: true, label: 'refit on training + validation (0 or 1)', flag: 'refit' },
  fitBlend: { min: 0, max: 1, int: true, label: 'blend weights fitted on validation (0 or 1)', flag: 'fit-blend' },
};

export const TUNE_KEYS = Object.keys(TUNE_RULES) as (keyof TuneOptions)[];

/** Checks options given as numbers or strings over `defaults`. */
export function validateTune(input: Partial<Record<keyof TuneOptions, unknown>>, defaults: TuneOptions = DEFAULT_TUNE): Parsed<TuneOptions> {
  const errors: string[] = [];
  const out = { ...defaults };
  for (const k of TUNE_KEYS) {
    const raw = input[k];
    if (raw === undefined) continue;
    const r = TUNE_RULES[k];
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n)) errors.push(`${r.label} must be a number, not ${JSON.stringify(raw)}`);
    else if (r.int && !Number.isInteger(n)) errors.push(`${r.label} must be a whole number, not ${n}`);
    else if (n < r.min || n > r.max) errors.push(`${r.label} must be at least ${r.min} and at most ${r.max}, not ${n}`);
    else out[k] = n;
  }
  if (errors.length === 0 && out.minutes === 0 && out.trials === 0) errors.push('give a budget: minutes, trials or both');
  return errors.length ? { ok: false, errors } : { ok: true, value: out };
}
