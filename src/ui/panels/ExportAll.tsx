import { useId, useState } from 'react';
import type { SessionView } from '../state/session-view';

/** Every user's top-N as one CSV (user,rank,item,title,predicted), computed in the worker in blocks, with a progress bar. */
export function ExportAll({ state, onExport }: { state: SessionView; onExport: (n: number, minRatings?: number) => void }) {
  const id = useId();
  const [n, setN] = useState('10');
  const x = state.exportAll;
  return (
    <form
      className="row export-all"
      aria-label="Export recommendations for all users"
      onSubmit={(e) => {
        e.preventDefault();
        const k = Math.floor(Number(n));
        if (k >= 1) onExport(k);
      }}
    >
      <label htmlFor={id}>Top N for every user</label>
      <input id={id} type="number" min={1} max={1000} step={1} value={n} onChange={(e) => setN(e.target.value)} />
      <button type="submit" disabled={x?.running}>
        Export all users CSV
      </button>
      {x?.running && (
        <progress data-testid="export-progress" max={x.total || 1} value={x.done} aria-label="Users done">
          {x.done} / {x.total}
        </progress>
      )}
      {x?.running && x.total > 0 && (
        <span className="muted">
          {x.done} / {x.total} users
        </span>
      )}
      {!x?.running && x?.users !== undefined && (
        <span className="muted" data-testid="export-done">
          {x.users} users exported in {((x.ms ?? 0) / 1000).toFixed(1)} s
        </span>
      )}
      {x?.error && (
        <span role="alert" className="error">
          {x.error}
        </span>
      )}
    </form>
  );
}
