import { CURRENT, KEPT_COLOR, VALID_COLOR, VALID_DASH } from './live-run';

/** What the RMSE panel's lines are (the live ones are drawn by hand, outside Recharts' legend). */
export function ChartLegend({ live, valid, kept, earlier }: { live: boolean; valid: boolean; kept: boolean; earlier: boolean }) {
  return (
    <ul className="legend" data-testid="chart-legend" aria-label="Legend">
      {live && (
        <li>
          <svg width="22" height="10" aria-hidden="true">
            <line x1="1" x2="21" y1="5" y2="5" stroke={CURRENT} strokeWidth="2" />
            <circle cx="11" cy="5" r="2.5" fill="#fff" stroke={CURRENT} />
          </svg>
          test RMSE
        </li>
      )}
      {valid && (
        <li>
          <svg width="22" height="10" aria-hidden="true">
            <line x1="1" x2="21" y1="5" y2="5" stroke={VALID_COLOR} strokeWidth="2" strokeDasharray={VALID_DASH} />
          </svg>
          validation RMSE
        </li>
      )}
      {kept && (
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="5" fill="none" stroke={KEPT_COLOR} strokeWidth="2" />
          </svg>
          kept epoch ({valid ? 'lowest validation RMSE' : 'last epoch'})
        </li>
      )}
      {earlier && <li className="muted">faded: earlier runs (test RMSE)</li>}
    </ul>
  );
}
