import type { TrainerState } from './useTrainer';

interface RunButtonsProps {
  state: TrainerState;
  onStart: () => void;
  pause: () => void;
  resume: () => void;
  step: () => void;
  stop: () => void;
  reset: () => void;
}

/** Start / pause-resume / step / stop, and a line saying where the run stands. */
export function RunButtons({ state, onStart, pause, resume, step, stop, reset }: RunButtonsProps) {
  const { phase } = state;
  const live = phase === 'running' || phase === 'paused';
  const canStart = !!state.dataset && (phase === 'ready' || phase === 'finished' || phase === 'stopped');
  return (
    <div className="run">
      <div className="row actions">
        <button type="button" className="primary" disabled={!canStart} onClick={onStart}>
          Start
        </button>
        <button type="button" disabled={!live} onClick={phase === 'running' ? pause : resume}>
          {phase === 'running' ? 'Pause' : 'Resume'}
        </button>
        <button type="button" disabled={phase !== 'paused'} onClick={step}>
          Step
        </button>
        <button type="button" disabled={!live && phase !== 'starting'} onClick={stop}>
          Stop
        </button>
        <button type="button" disabled={state.epochs.length === 0 && !live} onClick={reset}>
          Reset
        </button>
      </div>
      <p className="status" role="status" data-testid="status">
        {statusText(state)}
      </p>
    </div>
  );
}

function statusText({ phase, epochs }: TrainerState): string {
  const n = epochs.length;
  switch (phase) {
    case 'empty':
      return 'Load a ratings file or the demo data to begin.';
    case 'loading':
      return 'Reading data…';
    case 'ready':
      return 'Ready: press Start.';
    case 'starting':
      return 'Starting the backend…';
    case 'running':
      return `Training… ${n} epoch${n === 1 ? '' : 's'} done.`;
    case 'paused':
      return `Paused after epoch ${n}.`;
    case 'finished':
      return `Run finished after ${n} epochs.`;
    case 'stopped':
      return `Run stopped after ${n} epochs.`;
    case 'resetting':
      return 'Resetting…';
  }
}
