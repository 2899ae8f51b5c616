import { useCallback, useEffect, useState } from 'react';
import { upgradeRun, type RunRecord } from './runs';
import { runStore } from './runStore';

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

  const save = useCallback((r: RunRecord) => {
    setRuns((rs) => [...rs.filter((x) => x.id !== r.id), r].sort((a, b) => a.createdAt - b.createdAt));
    runStore.put(r).catch((e) => setError(`The run could not be saved: ${String(e)}`));
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
