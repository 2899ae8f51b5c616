import { SETTING_KEYS } from './settings';
import type { Tunable } from './tune-space';
import type { TrialResult, TuneResult } from './tune-results';

/** Trials best first (by validation RMSE; trials without a kept model last, in the order they ran). */
export function leaderboard(trials: readonly TrialResult[]): TrialResult[] {
  const key = (r: TrialResult) => (Number.isFinite(r.validRmse) ? r.validRmse : Infinity);
  return [...trials].sort((a, b) => key(a) - key(b) || a.id - b.id);
}

const cell = (v: unknown) => {
  const s = typeof v === 'number' && !Number.isFinite(v) ? '' : String(v ?? '');
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * The leaderboard as CSV: rank, trial, the searched values, validation RMSE, epochs, time, how it ended, with a
 * search's result each trial's weight in the reported model (blank: not in it), then every setting.
 */
export function leaderboardCsv(trials: readonly TrialResult[], searched: readonly Tunable[], result?: { members: readonly number[]; weights: readonly number[] }): string {
  const weightOf = (id: number) => (result && result.members.includes(id) ? result.weights[result.members.indexOf(id)] : '');
  const head = ['rank', 'trial', ...searched, 'validRmse', 'bestEpoch', 'epochs', 'seconds', 'end', ...(result ? ['weight'] : []), ...SETTING_KEYS.map((k) => `config.${k}`)];
  const rows = leaderboard(trials).map((r, i) => [
    i + 1,
    r.id,
    ...searched.map((k) => r.values[k] ?? r.config[k]),
    r.validRmse,
    r.bestEpoch,
    r.epochs,
    (r.ms / 1000).toFixed(1),
    r.end,
    ...(result ? [weightOf(r.id)] : []),
    ...SETTING_KEYS.map((k) => r.config[k]),
  ]);
  return [head, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

/** The reported model in words: one trial, the average of several, or their blend with weights fitted on validation. */
export function describeModel(r: Pick<TuneResult, 'best' | 'members' | 'blend'>): string {
  if (r.members.length <= 1) return `trial ${r.best.id}`;
  if (!r.blend.fitted) return `the average of trials ${r.members.join(', ')}`;
  const signed = (x: number, first: boolean) => (first ? (x < 0 ? '−' : '') : x < 0 ? ' − ' : ' + ') + Math.abs(x).toFixed(3);
  const terms = r.members.map((id, k) => `${signed(r.blend.weights[k], k === 0)} × trial ${id}`).join('');
  return `a blend fitted on validation: ${terms}${signed(r.blend.intercept, false)}`;
}
