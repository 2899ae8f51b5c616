import { memberSeed, type TrainConfig } from './config';
import { assertConfig, AUTOREC_PLUS, D2L_DEFAULTS, noPatienceWithoutValidation } from './settings';

/**
 * A fixed list of models that a Tuner trains one after another, instead of drawing settings from a space:
 * each member stops early on validation by itself, and the final evaluation blends the members (an average of
 * those the validation split prefers or weights fitted on it, across I- and U-AutoRec), optionally each refit on
 * training + validation.
 */
export interface Recipe {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** The members' settings over the run's base settings (its split, validation share, seed and threads stay). */
  members(base: TrainConfig): TrainConfig[];
}

/** What a member takes from the run's settings: where the data is split and how the run computes. */
const RUN_KEYS = ['split', 'splitSeed', 'testRatio', 'validRatio', 'threads', 'compute'] as const satisfies readonly (keyof TrainConfig)[];

function over(base: TrainConfig, member: Partial<TrainConfig>, k: number): TrainConfig {
  const run = Object.fromEntries(RUN_KEYS.map((key) => [key, base[key]])) as Partial<TrainConfig>;
  // without a validation share nothing can stop early (a search refuses to start then; the panel still shows the members)
  return assertConfig(noPatienceWithoutValidation({ ...D2L_DEFAULTS, ...member, ...run, seed: memberSeed(base.seed, k) }));
}

/** I-AutoRec as the 'accurate' preset (λ 10 per step), selected on validation with patience, weights averaged. */
const I_AUTOREC: Partial<TrainConfig> = { l2: 10, epochs: 300, patience: 20, average: 0.8 };
/** U-AutoRec (users as rows), the same way, λ 30 (better than 10 on u1's validation split). */
const U_AUTOREC: Partial<TrainConfig> = { ...I_AUTOREC, variant: 'U', l2: 30 };
/** AutoRec+ (kernelized, two hidden layers), weights averaged. */
const PLUS: Partial<TrainConfig> = { ...AUTOREC_PLUS, average: 0.8 };

export const RECIPES: Readonly<Record<string, Recipe>> = {
  plus: {
    key: 'plus',
    name: 'AutoRec+ blend',
    description:
      'Five models trained one after another, each stopped early on validation with its weights averaged: two kernelized AutoRec+ networks, two I-AutoRec and one U-AutoRec (different seeds); the average of those the validation split prefers, or all of them weighted by a least-squares fit on validation when cross-validation prefers that, is the model.',
    members: (base) => [over(base, PLUS, 0), over(base, PLUS, 1), over(base, I_AUTOREC, 2), over(base, I_AUTOREC, 3), over(base, U_AUTOREC, 4)],
  },
};

export const RECIPE_KEYS = Object.keys(RECIPES);

/** The recipe named `key`, or why there is none. */
export function recipeOf(key: string): { ok: true; value: Recipe } | { ok: false; errors: string[] } {
  const r = RECIPES[key];
  return r ? { ok: true, value: r } : { ok: false, errors: [`recipe must be one of ${RECIPE_KEYS.join(', ')}, not ${JSON.stringify(key)}`] };
}
