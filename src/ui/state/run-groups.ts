import type { RunRecord } from './runs';

/** Earlier runs drawn on the chart: shown (or pinned) ones of the current dataset, or of every dataset with `otherData`. */
export function runsOnChart(runs: readonly RunRecord[], dataset: string | undefined, otherData: boolean): RunRecord[] {
  return runs.filter((r) => (r.visible || r.pinned) && (otherData || dataset === undefined || r.dataset === dataset));
}

export interface RunGroup {
  dataset: string;
  /** The group holds the runs of the dataset loaded now. */
  current: boolean;
  /** Each run with its number in the whole history (1 = the oldest), as the list and the chart name it. */
  runs: { run: RunRecord; number: number }[];
}

/** The history by dataset: the loaded dataset's runs first, then the others, newest dataset first; runs oldest first in each. */
export function groupByDataset(runs: readonly RunRecord[], dataset: string | undefined): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  runs.forEach((run, k) => {
    const g = groups.get(run.dataset) ?? { dataset: run.dataset, current: run.dataset === dataset, runs: [] };
    g.runs.push({ run, number: k + 1 });
    groups.set(run.dataset, g);
  });
  const latest = (g: RunGroup) => Math.max(...g.runs.map((r) => r.run.createdAt));
  return [...groups.values()].sort((a, b) => Number(b.current) - Number(a.current) || latest(b) - latest(a));
}
