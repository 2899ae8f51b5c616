import { RECIPES } from '../../../config/tune-recipe';
import type { TuneUiState } from '../../state/use-tuner';
import { f4, secs } from './format';

/**
 * What a running search or recipe is doing, in words: which trial (a search: "trial 3 of 20") or member (a recipe:
 * "member 2 of 5") trains, its epoch and best validation RMSE so far, the trials done, and the time left where it
 * can be told: a recipe's at most (its members' remaining epoch caps at the epochs' mean time so far; early
 * stopping usually ends sooner), a search's minutes budget, or its remaining trials at their mean time.
 */
export function runningText(s: Pick<TuneUiState, 'trials' | 'current' | 'epochs' | 'recipe' | 'base' | 'options'>): string {
  const done = s.trials.length;
  const epochs = s.current ? (s.epochs[s.current.id] ?? []) : [];
  const all = [...s.trials.flatMap((t) => s.epochs[t.id] ?? []), ...epochs];
  const trainedMs = s.trials.reduce((m, t) => m + t.ms, 0) + epochs.reduce((m, e) => m + e.ms, 0);
  const msPerEpoch = all.length > 0 ? all.reduce((m, e) => m + e.ms, 0) / all.length : NaN;
  const members = recipeMembers(s.recipe, s.base);
  const cap = (k: number) => Math.min(members?.[k]?.epochs ?? Infinity, s.options?.maxEpochs ?? Infinity);
  const id = s.current?.id;
  const last = epochs.at(-1);
  const best = epochs.reduce((b, e) => (Number.isFinite(e.validRmse) ? Math.min(b, e.validRmse) : b), Infinity);
  const now = id === undefined ? '' : `${members ? `member ${id} of ${members.length}` : `trial ${id}${s.options?.trials ? ` of ${s.options.trials}` : ''}`} training${last ? `, epoch ${last.epoch}${Number.isFinite(best) ? `, best validation RMSE ${f4(best)} so far` : ''}` : ''}`;
  let left = '';
  if (members && id !== undefined && Number.isFinite(msPerEpoch)) {
    const epochsLeft = Math.max(0, cap(id - 1) - epochs.length) + members.slice(id).reduce((n, _, k) => n + cap(id + k), 0);
    left = epochsLeft > 0 && Number.isFinite(epochsLeft) ? `; at most ${secs(epochsLeft * msPerEpoch)} left (${epochsLeft} epochs; early stopping usually ends sooner)` : '';
  } else if (s.options?.minutes) {
    left = `; about ${secs(Math.max(0, s.options.minutes * 60_000 - trainedMs))} of the ${s.options.minutes}-minute budget left`;
  } else if (s.options?.trials && done > 0) {
    left = `; about ${secs(((trainedMs - epochs.reduce((m, e) => m + e.ms, 0)) / done) * Math.max(0, s.options.trials - done))} left`;
  }
  const finished = members ? `${done} of ${members.length} members done` : `${done} trials done`;
  return `Tuning: ${finished}${now ? `, ${now}` : ''} (${secs(trainedMs)} of training so far)${left}.`;
}

/** How many members a recipe has (undefined for a search). */
export function recipeSize(recipe: string | undefined, base: TuneUiState['base']): number | undefined {
  return recipeMembers(recipe, base)?.length;
}

/** A recipe's members over the base settings (undefined for a search, or where the worker refuses them: it says why). */
function recipeMembers(recipe: string | undefined, base: TuneUiState['base']) {
  if (!recipe || !base) return undefined;
  try {
    return RECIPES[recipe]?.members(base);
  } catch {
    return undefined;
  }
}
