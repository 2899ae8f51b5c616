import { useId } from 'react';
import '../chart/chart.css';
import { runColor } from '../state/run-colors';
import { groupByDataset } from '../state/run-groups';
import { runLabel } from '../state/run-label';
import { keptOf, type RunRecord } from '../state/runs';
import { useOtherData } from '../state/use-other-data';

interface RunHistoryProps {
  runs: RunRecord[];
  /** The dataset loaded now (RunRecord.dataset of its runs): its runs come first, and only they are drawn unless "runs of other data" is ticked. */
  dataset?: string;
  onToggle: (id: string) => void;
  onPin: (id: string) => void;
  onRemove: (id: string) => void;
  onCsv: (r: RunRecord) => void;
  onJson: (r: RunRecord) => void;
  onLoadSettings: (r: RunRecord) => void;
}

/** Earlier runs (kept in this browser), by dataset: show or hide on the chart, pin one as the baseline, export. */
export function RunHistory({ runs, dataset, onToggle, onPin, onRemove, onCsv, onJson, onLoadSettings }: RunHistoryProps) {
  const headingId = useId();
  const [otherData, setOtherData] = useOtherData();
  if (runs.length === 0) return null;
  const groups = groupByDataset(runs, dataset);
  const hasOther = dataset !== undefined && groups.some((g) => !g.current);
  return (
    <section className="history" aria-labelledby={headingId}>
      <div className="history-head">
        <h2 id={headingId}>Earlier runs</h2>
        {hasOther && (
          <label className="other-data">
            <input type="checkbox" checked={otherData} onChange={(e) => setOtherData(e.target.checked)} />
            runs of other data on the chart
          </label>
        )}
      </div>
      {groups.map((g) => {
        const onChart = g.current || otherData || dataset === undefined;
        return (
          <div key={g.dataset} className={`run-group${onChart ? '' : ' off-chart'}`} data-testid="run-group" data-dataset={g.dataset} data-on-chart={onChart}>
            <h3>
              {g.dataset || 'unnamed data'}{' '}
              <small>
                {g.current ? 'loaded now' : 'other data'} · {g.runs.length} {g.runs.length === 1 ? 'run' : 'runs'}
                {!onChart && ' · not on the chart'}
              </small>
            </h3>
            <ol>
              {g.runs.map(({ run: r, number }) => {
                const last = r.epochs.at(-1);
                const kept = keptOf(r.epochs);
                const color = runColor(r);
                return (
                  <li key={r.id} data-testid="history-run" data-run={number}>
                    <label className="swatch-label">
                      <input type="checkbox" checked={r.visible} onChange={() => onToggle(r.id)} aria-label={`Show run ${number} on the chart`} />
                      <span className="swatch" data-testid="run-swatch" data-color={color} style={{ background: color }} />
                      <strong>run {number}</strong>
                    </label>
                    <span className="run-meta">
                      {runLabel(r.config, r.backend, r.epochs)}
                      {r.tune
                        ? ` · ${r.tune.recipe ?? 'Tune'}: ${r.tune.trials.length} trials in ${r.tune.minutes.toFixed(1)} min, best trial ${r.tune.bestTrial}${r.tune.members.length > 1 ? ` (${r.tune.fitted ? 'weighted blend' : 'average'} of ${r.tune.members.length})` : ''}, validation RMSE ${r.tune.validRmse.toFixed(4)}${r.tune.fitted ? ' (cross-validated)' : ''}, test RMSE ${r.tune.testRmse.toFixed(4)} (once${r.tune.refit ? ', refit on training + validation' : ''})`
                        : last && kept && ` · ${last.epoch} epochs, test RMSE ${kept.testRmse.toFixed(4)} @ kept epoch ${kept.epoch}`}
                    </span>
                    <span className="run-actions">
                      <button type="button" onClick={() => onPin(r.id)} aria-pressed={r.pinned}>
                        {r.pinned ? 'Unpin' : 'Pin as baseline'}
                      </button>
                      <button type="button" onClick={() => onLoadSettings(r)} title="The settings as the run ended: its live changes (learning rate, λ, dropout) included">
                        Use settings
                      </button>
                      <button type="button" onClick={() => onCsv(r)}>
                        CSV
                      </button>
                      <button type="button" onClick={() => onJson(r)}>
                        Settings JSON
                      </button>
                      <button type="button" onClick={() => onRemove(r.id)} aria-label={`Delete run ${number}`}>
                        ✕
                      </button>
                    </span>
                  </li>
                );
              })}
            </ol>
          </div>
        );
      })}
    </section>
  );
}
