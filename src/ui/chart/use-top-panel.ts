import { useSyncExternalStore } from 'react';

/** What the training chart's upper panel shows: RMSE (validation and test) or NDCG@10 on the test ratings. */
export type TopPanel = 'RMSE' | 'NDCG@10';
export const TOP_PANELS: readonly TopPanel[] = ['RMSE', 'NDCG@10'];

let shown: TopPanel = 'RMSE';
const listeners = new Set<() => void>();

function setShown(v: TopPanel): void {
  shown = v;
  for (const l of listeners) l();
}

/** The upper panel's choice, shared by the chart's options (where it is made) and the chart (which draws it). */
export function useTopPanel(): [TopPanel, (v: TopPanel) => void] {
  const v = useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => shown,
  );
  return [v, setShown];
}
