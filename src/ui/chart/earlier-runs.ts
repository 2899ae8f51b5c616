import { runsOnChart } from '../state/run-groups';
import type { RunRecord } from '../state/runs';

/** An earlier run drawn (faded) on the chart. */
export interface EarlierRun {
  run: RunRecord;
  /** 1 = the oldest run in the history. */
  number: number;
}

/** The earlier runs the chart draws (runsOnChart), each with its number in the whole history, as the list names it. */
export function earlierOnChart(history: RunRecord[], dataset: string | undefined, otherData: boolean): EarlierRun[] {
  const drawn = new Set(runsOnChart(history, dataset, otherData));
  return history.flatMap((run, k): EarlierRun[] => (drawn.has(run) ? [{ run, number: k + 1 }] : []));
}
