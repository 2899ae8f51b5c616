import { statusText } from './status';
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
