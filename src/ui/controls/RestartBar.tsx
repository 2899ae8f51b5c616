import { BLOCKED_ID } from './RunButtons';

interface RestartBarProps {
  /** The settings changed since the run started, in words. */
  changes: string[];
  restarting: boolean;
  /** Why these settings cannot start (said under the run buttons). */
  blocked?: string;
  onRestart: () => void;
}

/** Under the settings while a run is live and they changed: what changed, and Restart with them. */
export function RestartBar({ changes, restarting, blocked, onRestart }: RestartBarProps) {
  return (
    <div className="restart-bar" role="group" aria-label="Settings changed" data-testid="restart-bar" data-run-control>
      <p>
        Changed since this run started: <span data-testid="changed-settings">{changes.join(', ')}</span>.
      </p>
      <button type="button" className="primary" disabled={restarting || blocked !== undefined} aria-describedby={blocked ? BLOCKED_ID : undefined} onClick={onRestart}>
        {restarting ? 'Restarting…' : 'Restart with these settings'}
      </button>
    </div>
  );
}
