import type { TrainConfig } from './config';
import { checkRule, int, num, type NumberRule, type Parsed, type Spec } from './rules';

/** Why a search cannot start from these run settings, or undefined: it chooses on the validation split, so it needs one. */
export function cannotTune(config: Pick<TrainConfig, 'validRatio'>): string | undefined {
  return config.validRatio > 0 ? undefined : 'tuning chooses on the validation split: set a validation share above 0';
}

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

export interface TuneOptionSpec extends Spec<number, NumberRule> {
  /** 0 or 1: the flag alone (`--refit`) means 1. */
  switch?: true;
}

/** The one rule book of the search options, in the shape of the settings' (settings.ts): the panel, URL and command line. */
export const TUNE_RULES: { readonly [K in keyof TuneOptions]: TuneOptionSpec } = {
  minutes: { rule: num(0, 24 * 60), label: 'budget (minutes)', flag: 'budget-min', help: 'stop starting trials after this many minutes, paused time not counted; 0 = no time limit', default: 10 },
  trials: { rule: int(0, 100_000), label: 'budget (trials)', flag: 'trials', help: 'at most this many trials; 0 = no limit, then minutes must be set', default: 0 },
  maxEpochs: { rule: int(1, 100_000), label: 'most epochs per trial', flag: 'max-epochs', help: 'most epochs of one trial', default: 200 },
  patience: { rule: int(1, 100_000), label: 'patience per trial', flag: 'trial-patience', help: 'a trial stops when its validation RMSE has not improved for this many epochs', default: 10 },
  minEpochs: { rule: int(1, 100_000), label: 'first rung (epochs)', flag: 'min-epochs', help: "ASHA's first rung: epochs before a trial is first compared", default: 20 },
  eta: { rule: int(2, 10), label: 'halving factor', flag: 'eta', help: "ASHA's reduction factor: a trial goes on at a rung while in the best 1/eta", default: 3 },
  seed: { rule: int(0, 2 ** 31 - 1), label: 'search seed', flag: 'search-seed', help: "seed of the quasi-random draws; trial k's weights are seeded with the base seed + k", default: 0 },
  ensembleTop: { rule: int(1, 20), label: 'ensemble of at most', flag: 'ensemble', help: 'the top trials (by validation) whose average may be the model instead of the best one alone', default: 10 },
  refit: {
    rule: int(0, 1),
    label: 'refit on training + validation (0 or 1)',
    flag: 'refit',
    help: 'the chosen models are trained again on training + validation for the epochs they kept, then tested',
    default: 0,
    switch: true,
  },
  fitBlend: {
    rule: int(0, 1),
    label: 'blend weights fitted on validation (0 or 1)',
    flag: 'fit-blend',
    help: 'the model may weight its members by least squares fitted on validation, where cross-validation prefers that to plain averages',
    default: 1,
    switch: true,
  },
};

export const TUNE_KEYS = Object.keys(TUNE_RULES) as (keyof TuneOptions)[];

export const DEFAULT_TUNE = Object.fromEntries(TUNE_KEYS.map((k) => [k, TUNE_RULES[k].default])) as unknown as TuneOptions;

/** Checks options given as numbers or strings over `defaults`. */
export function validateTune(input: Partial<Record<keyof TuneOptions, unknown>>, defaults: TuneOptions = DEFAULT_TUNE): Parsed<TuneOptions> {
  const errors: string[] = [];
  const out = { ...defaults };
  for (const k of TUNE_KEYS) {
    const raw = input[k];
    if (raw === undefined) continue;
    const why = checkRule(TUNE_RULES[k].rule, TUNE_RULES[k].label, raw, 'read');
    if (why) errors.push(why);
    else out[k] = Number(raw);
  }
  if (errors.length === 0 && out.minutes === 0 && out.trials === 0) errors.push('give a budget: minutes, trials or both');
  return errors.length ? { ok: false, errors } : { ok: true, value: out };
}
