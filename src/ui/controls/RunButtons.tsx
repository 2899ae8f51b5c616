import { useCallback, useEffect, useRef } from 'react';
import { statusText } from '../state/status';
import type { Phase, SessionView } from '../state/session-view';
import { SEARCH_RUNNING } from '../state/use-run-plan';
import './run-buttons.css';

interface RunButtonsProps {
  state: SessionView;
  onStart: () => void;
  pause: () => void;
  resume: () => void;
  step: () => void;
  stop: () => void;
  reset: () => void;
  /**
   * Why a run with the current settings would be refused (the memory plan), or SEARCH_RUNNING while a search
   * runs: Start stays off and says so.
   */
  blocked?: string;
}

/** The id of the line saying why Start is off: the Restart button points at it too. */
export const BLOCKED_ID = 'start-blocked';

const ended = (p: Phase) => p === 'empty' || p === 'ready' || p === 'finished' || p === 'stopped';

/** Focus that was on a run control (these buttons, Restart) and fell to <body> when that control went away or off. */
function useRunControlFocus() {
  const last = useRef(false);
  useEffect(() => {
    const onFocus = (e: FocusEvent) => (last.current = e.target instanceof Element && !!e.target.closest('[data-run-control]'));
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, []);
  return useCallback(() => {
    const a = document.activeElement;
    if (a instanceof Element && a !== document.body) return !!a.closest('[data-run-control]');
    return last.current;
  }, []);
}

/** Start / pause-resume / step / stop / reset, a line saying where the run stands, and why Start is off when it is. */
export function RunButtons({ state, onStart, pause, resume, step, stop, reset, blocked }: RunButtonsProps) {
  const { phase } = state;
  const live = phase === 'running' || phase === 'paused';
  const canStart = !!state.dataset && (phase === 'ready' || phase === 'finished' || phase === 'stopped') && !blocked;
  const startRef = useRef<HTMLButtonElement>(null);
  const pauseRef = useRef<HTMLButtonElement>(null);
  const onRunControl = useRunControlFocus();

  // A run that starts takes the focus from Start (about to be disabled) to Pause; one that ends gives it back
  // to Start, but only from a run control: focus elsewhere (a setting being edited) stays where it is.
  const prev = useRef(phase);
  useEffect(() => {
    const was = prev.current;
    prev.current = phase;
    if (was === phase || !onRunControl()) return;
    if (phase === 'starting') pauseRef.current?.focus();
    else if (ended(phase) && !ended(was)) startRef.current?.focus();
  }, [phase, onRunControl]);

  // While the backend starts Pause cannot act yet, but it can hold the focus: aria-disabled, not disabled.
  const pauseInert = phase === 'starting';
  // A search holding the worker is a wait, not a fault of the settings: a plain note, not the red refusal.
  const waiting = blocked === SEARCH_RUNNING;
  return (
    <div className="run">
      <div className="row actions" role="group" aria-label="Run controls" data-run-control>
        <button ref={startRef} type="button" className="primary" disabled={!canStart} aria-describedby={blocked ? BLOCKED_ID : undefined} onClick={onStart}>
          Start
        </button>
        <button
          ref={pauseRef}
          type="button"
          disabled={!live && !pauseInert}
          aria-disabled={pauseInert || undefined}
          onClick={pauseInert ? undefined : phase === 'running' ? pause : resume}
        >
          {phase === 'paused' ? 'Resume' : 'Pause'}
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
        {waiting && phase === 'ready' ? 'Ready.' : statusText(state, !!blocked)}
      </p>
      {waiting && (
        <p className="start-waits" id={BLOCKED_ID} data-testid="start-waits">
          {SEARCH_RUNNING}
        </p>
      )}
      {blocked && !waiting && (
        <p className="blocked" id={BLOCKED_ID} data-testid="start-blocked">
          <strong>These settings cannot start:</strong> {blocked}
        </p>
      )}
    </div>
  );
}
