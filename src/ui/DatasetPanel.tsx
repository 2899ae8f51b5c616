import { memo } from 'react';
import type { DatasetSummary, ParseError, ParseProgress, RunInfo } from '../worker/messages';
import { Histogram } from './Histogram';

interface DatasetPanelProps {
  summary?: DatasetSummary;
  progress?: ParseProgress;
  error?: ParseError;
  run?: RunInfo;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const bytes = (b: number) => (b < 2 ** 20 ? `${(b / 1024).toFixed(0)} KiB` : `${(b / 2 ** 20).toFixed(0)} MiB`);

/** "N what", on a line of its own under the split (a space before it, for the text a screen reader reads); nothing for 0. */
function Detail({ count, id, text, note = false }: { count: number; id: string; text: string; note?: boolean }) {
  if (count <= 0) return null;
  return (
    <>
      {' '}
      <small className={note ? 'detail note' : 'detail'} data-testid={id}>
        {fmt(count)} {text}
      </small>
    </>
  );
}

/** What was loaded (or why not), and how the current run split it. */
export const DatasetPanel = memo(function DatasetPanel({ summary, progress, error, run }: DatasetPanelProps) {
  return (
    <section className="dataset" aria-label="Dataset">
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
            {run && (
              <>
                <dt>Train / validation / test</dt>
                <dd data-testid="split" data-train={run.trainRatings} data-valid={run.validRatings} data-test={run.testRatings}>
                  {fmt(run.trainRatings)} / {run.validRatings > 0 ? fmt(run.validRatings) : 'none'} / {fmt(run.testRatings)}
                  <Detail count={run.unseenTest} id="unseen-test" text="test ratings of users or items unseen in training: predicted by the training mean" />
                  <Detail count={run.unseenValid} id="unseen-valid" text="validation ratings of users or items unseen in training: predicted by the training mean" />
                  <Detail count={run.overlapRemoved} id="overlap-removed" text="test pairs also in the ratings: removed from training" note />
                </dd>
                <dt>Compute</dt>
              <dd data-testid="compute" data-value={run.compute}>{run.compute === 'sparse' ? 'sparse (observed entries only)' : 'dense (whole batch blocks)'}{run.computeReason !== 'as chosen' && ` · ${run.computeReason}`}</dd>
              <dt>Memory</dt>
                <dd data-testid="memory">
                  about {bytes(run.memory.total)} (weights {bytes(run.memory.weights)}, the kept epoch's weights {bytes(run.memory.kept)}, optimizer {bytes(run.memory.optimizer)}, gradients and batch{' '}
                  {bytes(run.memory.batch)})
                  {run.memory.limitBytes !== undefined && `, of the ${bytes(run.memory.limitBytes)} this backend can hold`}
                  {run.memory.maxBufferBytes !== undefined &&
                    `; largest buffer ${bytes(run.memory.largestBuffer)} of the GPU's ${bytes(run.memory.maxBufferBytes)} per buffer`}
                </dd>
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
    </section>
  );
});
