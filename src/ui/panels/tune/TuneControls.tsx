import type { TunePhase } from '../../state/use-tuner';

interface TuneControlsProps {
  phase: TunePhase;
  /** The recipe's name when a recipe is chosen: Start says what it trains. */
  recipeName?: string;
  canStart: boolean;
  onStart: () => void;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
  /** There are finished trials to export. */
  hasTrials: boolean;
  onExportCsv: () => void;
}

/** Start (the search or the recipe), pause or resume, stop, and the leaderboard's CSV. */
export function TuneControls({ phase, recipeName, canStart, onStart, onPause, onResume, onStop, hasTrials, onExportCsv }: TuneControlsProps) {
  return (
    <div className="row actions" role="group" aria-label="Tune controls">
      <button type="button" className="primary" disabled={!canStart} onClick={onStart}>
        {recipeName !== undefined ? `Train the ${recipeName}` : 'Start tuning'}
      </button>
      {phase === 'paused' ? (
        <button type="button" onClick={onResume}>
          Resume tuning
        </button>
      ) : (
        <button type="button" disabled={phase !== 'running'} onClick={onPause}>
          Pause tuning
        </button>
      )}
      <button type="button" disabled={phase !== 'running' && phase !== 'paused'} onClick={onStop}>
        Stop tuning
      </button>
      <button type="button" disabled={!hasTrials} onClick={onExportCsv}>
        Export leaderboard CSV
      </button>
    </div>
  );
}
