import type { TuneUiState } from '../../state/use-tuner';
import { recipeSize, runningText } from './tune-progress';

/** Where the search stands: a line of its own, read by screen readers as it changes. */
export function TuneStatus({ state, runLive }: { state: TuneUiState; runLive: boolean }) {
  return (
    <p className="tune-status" role="status" data-testid="tune-status">
      {state.phase === 'running' ? runningText(state) : state.recipe && (state.phase === 'stopped' || (state.phase === 'finished' && state.result?.stoppedAfter)) ? recipeStopped(state) : statusOf(state.phase, state.trials.length, state.current?.id, runLive, state.refit)}
    </p>
  );
}

/** A recipe stopped: how many of its members finished (a member stopped part-way is not one of them), and what that leaves. */
function recipeStopped(state: TuneUiState): string {
  const of = recipeSize(state.recipe, state.base) ?? state.trials.length;
  const finished = state.trials.filter((t) => t.end !== 'stopped' && t.end !== 'budget').length;
  if (finished >= of) return `Tuning stopped after all ${of} members.`;
  const what = finished === 0 ? 'no member finished: there is no blend to test' : state.result ? `the blend of the ${finished} finished is below, tested once` : 'nothing was tested';
  return `Tuning stopped after ${finished} of ${of} members (${of - finished} not trained${state.trials.length > finished ? ', one of them stopped part-way' : ''}): ${what}.`;
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
