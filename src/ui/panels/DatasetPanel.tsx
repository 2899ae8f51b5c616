import { memo } from 'react';
import type { DatasetSummary, ParseError, ParseProgress } from '../../worker/messages';
import { Histogram } from '../chart/Histogram';
import './off-scale.css';

interface DatasetPanelProps {
  summary?: DatasetSummary;
  progress?: ParseProgress;
  error?: ParseError;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** What was loaded (or why not). What a run needs and how it split the data: RunDetails, below the run buttons. */
export const DatasetPanel = memo(function DatasetPanel({ summary, progress, error }: DatasetPanelProps) {
  return (
    <div className="dataset panel-box">
      {progress && (
        <label className="progress">
          Reading… {fmt(progress.rows)} ratings
          <progress max={progress.totalBytes || 1} value={progress.bytesRead} />
        </label>
      )}
      {error && (
        <p role="alert" className="error">
          {error.source ? `${error.source}: ` : ''}
          {error.line ? `line ${error.line}: ` : ''}
          {error.message}
          {summary && <small> (the data loaded before is still loaded)</small>}
        </p>
      )}
      {summary ? (
        <>
          {summary.offScale && <OffScaleLines odd={summary.offScale} />}
          <dl data-testid="dataset-summary">
            <dt>Source</dt>
            <dd>{summary.source}</dd>
            <dt>Format</dt>
            <dd>{summary.format}</dd>
            <dt>Users × items</dt>
            <dd>
              {fmt(summary.users)} × {fmt(summary.items)}
            </dd>
            <dt>Ratings</dt>
            <dd data-testid="rating-count">{fmt(summary.ratings)}</dd>
            <dt>Density</dt>
            <dd>{(summary.density * 100).toFixed(2)}%</dd>
            <dt>Scale</dt>
            <dd>
              {summary.ratingMin} – {summary.ratingMax}
            </dd>
            {summary.titles > 0 && (
              <>
                <dt>Titles</dt>
                <dd>{fmt(summary.titles)}</dd>
              </>
            )}
          </dl>
          <Histogram bins={summary.histogram} />
          {summary.notes.map((n) => (
            <p key={n} className="note">
              {n}
            </p>
          ))}
        </>
      ) : (
        !progress && <p className="hint">No data loaded yet.</p>
      )}
    </div>
  );
});

const where = (e: ParseError) => `${e.source ? `${e.source}: ` : ''}${e.line ? `line ${e.line}: ` : ''}`;

/** Ratings outside the scale of the rest, with their lines, as a parse error is shown: the load went on without them (or kept them). */
function OffScaleLines({ odd }: { odd: NonNullable<DatasetSummary['offScale']> }) {
  const [first] = odd.shown;
  const more = odd.count - odd.shown.length;
  return (
    <div role="status" className="error off-scale" data-testid="off-scale">
      {odd.count === 1 ? (
        <p>
          {where(first)}
          {first.message}
        </p>
      ) : (
        <>
          <p>
            {first.source ? `${first.source}: ` : ''}
            {odd.message}:
          </p>
          <p>
            {odd.shown.map((e) => `line ${e.line}: ${Number(e.rating.toPrecision(6))}`).join(', ')}
            {more > 0 && ` and ${fmt(more)} more`}
          </p>
        </>
      )}
    </div>
  );
}
