import { useDeferredValue, useMemo } from 'react';
import type { RunRecord } from './runs';
import { useSameArray } from './use-same-array';

/**
 * The earlier runs the chart draws faded: the history less the run shown live (`currentId`), the same array
 * while it holds the same runs.
 */
export function useChartHistory(runs: RunRecord[], currentId: string | undefined): RunRecord[] {
  const shownHistory = useSameArray(useMemo(() => runs.filter((r) => r.id !== currentId), [runs, currentId]));
  // A run that joins the faded ones redraws the Recharts part of the chart: not in the task of the click that starts the next run.
  return useDeferredValue(shownHistory);
}
