import type { DatasetSummary, ParseError, ParseProgress } from '../../worker/messages';
import { DatasetPanel } from './DatasetPanel';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The loaded data in one line, with its full summary (format, density, scale, the histogram: DatasetPanel)
 * one click away; shown whole while a file is read, when one was refused or has ratings left out as off the
 * scale (said, not folded away), and before any data.
 */
export function DataCard({ summary, progress, error }: { summary?: DatasetSummary; progress?: ParseProgress; error?: ParseError }) {
  const panel = <DatasetPanel summary={summary} progress={progress} error={error} />;
  if (!summary || progress || error || summary.offScale) return panel;
  return (
    <details className="data-card">
      <summary data-testid="data-line">
        <strong>{summary.source}</strong> · {fmt(summary.users)} users × {fmt(summary.items)} items · {fmt(summary.ratings)} ratings
      </summary>
      {panel}
    </details>
  );
}
