import type { SessionView } from './session-view';
import type { TuneUiState } from './use-tuner';

/** What loading other data would throw away: the data, the model trained (or opened) on it, its recommendations, a Tune search. */
export interface AtStake {
  /** The loaded data's name and size. */
  dataset?: { source: string; ratings: number };
  /** The last epoch of the model trained here, or of the model opened (0: none). */
  epochs: number;
  /** The model file the model came from, when it was opened rather than trained here. */
  opened?: string;
  recommendations: boolean;
  /** Finished Tune trials (a search that ran, or runs). */
  tuneTrials: number;
}

/** What is at stake in the page's session and Tune state now. */
export function atStake(view: Pick<SessionView, 'dataset' | 'epochs' | 'openedModel' | 'recommendations'>, tune: Pick<TuneUiState, 'trials' | 'result'>): AtStake {
  const last = view.epochs.length > 0 ? view.epochs[view.epochs.length - 1].epoch : 0;
  return {
    ...(view.dataset && { dataset: { source: view.dataset.source, ratings: view.dataset.ratings } }),
    epochs: view.openedModel ? Math.max(view.openedModel.trained, last) : last,
    ...(view.openedModel && { opened: view.openedModel.name }),
    recommendations: view.recommendations !== undefined,
    tuneTrials: tune.result || tune.trials.length > 0 ? Math.max(1, tune.trials.length) : 0,
  };
}

/** Nothing trained, opened or tuned: new data loads at once. */
export const NOTHING_AT_STAKE: AtStake = { epochs: 0, recommendations: false, tuneTrials: 0 };

export interface ReplaceQuestion {
  /** "Replace ml-100k (100,000 ratings), its model trained 25 epochs and its recommendations with ratings.csv?" */
  text: string;
  replace: string;
  keep: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The loaded data's short name: an archive's name without ".zip" (not the member read from it), "the demo data". */
export function dataName(source: string): string {
  if (source === 'demo') return 'the demo data';
  return source.split(' \u203a ')[0].replace(/\.zip$/i, '');
}

/** "ratings.csv", "ratings.dat and movies.dat", "ratings.dat and 2 more files". */
export function filesName(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names[0]} and ${names.length - 1} more files`;
}

/**
 * The question to ask before `incoming` replaces the loaded data, or undefined when nothing would be
 * lost that took time to make: no model with at least one epoch (trained here or opened) and no Tune
 * result. Data alone is one drop away from coming back, so it loads at once as it always did.
 */
export function replaceQuestion(stake: AtStake, incoming: string): ReplaceQuestion | undefined {
  if (stake.epochs < 1 && stake.tuneTrials < 1) return undefined;
  const name = stake.dataset ? dataName(stake.dataset.source) : 'the loaded data';
  const lost = [stake.dataset ? `${name} (${fmt(stake.dataset.ratings)} ratings)` : name];
  if (stake.epochs >= 1) {
    const s = stake.epochs === 1 ? '' : 's';
    lost.push(stake.opened ? `its model opened from ${stake.opened} (${stake.epochs} epoch${s})` : `its model trained ${stake.epochs} epoch${s}`);
  }
  if (stake.recommendations) lost.push('its recommendations');
  if (stake.tuneTrials >= 1) lost.push(`its Tune result (${stake.tuneTrials} trial${stake.tuneTrials === 1 ? '' : 's'})`);
  const list = lost.length === 1 ? lost[0] : `${lost.slice(0, -1).join(', ')} and ${lost[lost.length - 1]}`;
  return { text: `Replace ${list} with ${incoming}?`, replace: 'Replace', keep: `Keep ${name}` };
}
