import { HISTORY_COLORS, keptOf, PINNED_COLOR, runLabel, type RunRecord } from './runs';

interface RunHistoryProps {
  runs: RunRecord[];
  onToggle: (id: string) => void;
  onPin: (id: string) => void;
  onRemove: (id: string) => void;
  onCsv: (r: RunRecord) => void;
  onJson: (r: RunRecord) => void;
  onLoadSettings: (r: RunRecord) => void;
}

/** Earlier runs (kept in this browser): show or hide on the chart, pin one as the baseline, export. */
export function RunHistory({ runs, onToggle, onPin, onRemove, onCsv, onJson, onLoadSettings }: RunHistoryProps) {
  if (runs.length === 0) return null;
  return (
    <section className="history" aria-label="Run history">
      <h3>Earlier runs</h3>
      <ol>
        {runs.map((r, k) => {
          const last = r.epochs.at(-1);
          const kept = keptOf(r.epochs);
          return (
            <li key={r.id} data-testid="history-run">
              <label className="swatch-label">
                <input type="checkbox" checked={r.visible} onChange={() => onToggle(r.id)} aria-label={`Show run ${k + 1} on the chart`} />
                <span className="swatch" style={{ background: r.pinned ? PINNED_COLOR : HISTORY_COLORS[k % HISTORY_COLORS.length] }} />
                <strong>run {k + 1}</strong>
              </label>
              <span className="run-meta">
                {runLabel(r.config, r.backend, r.epochs)} · {r.dataset}
                {last && kept && ` · ${last.epoch} epochs, test RMSE ${kept.testRmse.toFixed(4)} @ kept epoch ${kept.epoch}`}
              </span>
              <span className="run-actions">
                <button type="button" onClick={() => onPin(r.id)} aria-pressed={r.pinned}>
                  {r.pinned ? 'Unpin' : 'Pin as baseline'}
                </button>
                <button type="button" onClick={() => onLoadSettings(r)}>
                  Use settings
                </button>
                <button type="button" onClick={() => onCsv(r)}>
                  CSV
                </button>
                <button type="button" onClick={() => onJson(r)}>
                  Settings JSON
                </button>
                <button type="button" onClick={() => onRemove(r.id)} aria-label={`Delete run ${k + 1}`}>
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
