import { useCallback, useEffect, useState } from 'react';
import { pickColor } from './run-colors';
import type { RunRecord } from './runs';
import { upgradeRun } from './upgrade-run';
import { runStore } from './run-store';

/** Earlier runs: loaded from IndexedDB once, every change written back. */
export function useRunHistory() {
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [error, setError] = useState<string>();

  useEffect(() => {
    runStore
      .all()
      .then((all) => setRuns(all.map(upgradeRun).sort((a, b) => a.createdAt - b.createdAt))) // runs saved by an earlier version lack some fields
      .catch((e) => setError(`Saved runs could not be read: ${String(e)}`));
  }, []);

  /** A run is saved with its colour (the least used one), which it keeps in the list and on the chart after every reload. */
  const save = useCallback((r: RunRecord) => {
    setRuns((rs) => {
      const others = rs.filter((x) => x.id !== r.id);
      const saved = r.color ? r : { ...r, color: rs.find((x) => x.id === r.id)?.color ?? pickColor(others) };
      runStore.put(saved).catch((e) => setError(`The run could not be saved: ${String(e)}`));
      return [...others, saved].sort((a, b) => a.createdAt - b.createdAt);
    });
  }, []);

  const change = useCallback(
    (id: string, f: (r: RunRecord) => RunRecord) => {
      setRuns((rs) => {
        const next = rs.map((r) => (r.id === id ? f(r) : r));
        const changed = next.find((r) => r.id === id);
        if (changed) runStore.put(changed).catch((e) => setError(String(e)));
        return next;
      });
    },
    [],
  );

  return {
    runs,
    error,
    save,
    toggle: (id: string) => change(id, (r) => ({ ...r, visible: !r.visible })),
    /** At most one run is the pinned baseline. */
    pin: (id: string) => {
      for (const r of runs) if (r.pinned && r.id !== id) change(r.id, (x) => ({ ...x, pinned: false }));
      change(id, (r) => ({ ...r, pinned: !r.pinned }));
    },
    remove: (id: string) => {
      setRuns((rs) => rs.filter((r) => r.id !== id));
      runStore.remove(id).catch((e) => setError(String(e)));
    },
  };
}
