import type { TuneUiState } from '../../state/use-tuner';
import { runningText } from './tune-progress';

/** Where the search stands: a line of its own, read by screen readers as it changes. */
export function TuneStatus({ state, runLive }: { state: TuneUiState; runLive: boolean }) {
  return (
    <p className="tune-status" role="status" data-testid="tune-status">
      {state.phase === 'running' ? runningText(state) : statusOf(state.phase, state.trials.length, state.current?.id, runLive, state.refit)}
    </p>
  );
}

function statusOf(phase: string, done: number, current: number | undefined, runLive: boolean, refit?: { id: number; epoch: number; epochs: number }): string {
  switch (phase) {
    case 'idle':
      return runLive ? 'A run is training: stop it to tune.' : 'Not tuning.';
    case 'starting':
      return 'Starting the search…';
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
