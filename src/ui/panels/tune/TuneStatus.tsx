import type { TuneUiState } from '../../state/use-tuner';
import { secs } from './format';

/** Where the search stands: a line of its own, read by screen readers as it changes. */
export function TuneStatus({ state, runLive }: { state: TuneUiState; runLive: boolean }) {
  // finished trials, and the epochs of the one training now (so the first trial does not read "0.0 s")
  const running = state.current ? (state.epochs[state.current.id] ?? []).reduce((s, e) => s + e.ms, 0) : 0;
  const elapsed = state.trials.reduce((s, r) => s + r.ms, 0) + running;
  return (
    <p className="tune-status" role="status" data-testid="tune-status">
      {statusOf(state.phase, state.trials.length, state.current?.id, elapsed, runLive, state.refit)}
    </p>
  );
}

function statusOf(phase: string, done: number, current: number | undefined, ms: number, runLive: boolean, refit?: { id: number; epoch: number; epochs: number }): string {
  switch (phase) {
    case 'idle':
      return runLive ? 'A run is training: stop it to tune.' : 'Not tuning.';
    case 'starting':
      return 'Starting the search…';
    case 'running':
      return `Tuning: ${done} trials done${current ? `, trial ${current} training` : ''} (${secs(ms)} of training so far).`;
    case 'paused':
      return `Tuning paused after ${done} trials${current ? ` (trial ${current} paused)` : ''}.`;
    case 'evaluating':
      if (refit && refit.epoch < refit.epochs) return `Search over (${done} trials): refitting trial ${refit.id} on training + validation, epoch ${refit.epoch} of ${refit.epochs}.`;
      return `Search over (${done} trials): evaluating the chosen model on the test set, once.`;
    case 'finished':
      return `Tuning finished: ${done} trials.`;
    default:
      return `Tuning stopped after ${done} trials.`;
  }
}
