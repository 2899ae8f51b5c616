import type { BackendChoice, TrainConfig } from '../config/config';
import { assumedBackend } from '../compute/backend';
import { planRun, splitCounts, type SplitCounts } from '../train/plan';
import type { WorkerBackend } from './backend';
import type { LoadedData } from './dataset';
import type { FromWorker } from './messages';

/**
 * What a run with these settings would need, before Start (src/train/plan.ts: no split, no matrices): on the
 * backend running for this choice or, before one has started, on the one it would start, which the plan
 * names as assumed (the WebGPU adapter is asked; nothing is started), with the counts of the split these
 * settings make (shown under the split before Start). Answered as a 'plan' with the same id.
 */
export async function postPlan(id: number, config: TrainConfig, choice: BackendChoice, parts: { data: LoadedData; backend: WorkerBackend; post: (msg: FromWorker) => void }): Promise<void> {
  const { data } = parts;
  const d = data.dataset;
  if (!d) return;
  const running = parts.backend.runningFor(choice);
  const b = running ? { name: running.name, maxBufferBytes: running.maxBufferBytes, assumed: undefined } : await assumedBackend(choice);
  if (d !== data.dataset) return; // new data meanwhile: its own plan follows
  const preset = d.presetSplits?.find((s) => s.name === config.split);
  const plan = planRun({ numUsers: d.numUsers, numItems: d.numItems, ratings: preset?.train ?? d.ratings }, config, { backend: b.name, maxBufferBytes: b.maxBufferBytes });
  parts.post({ type: 'plan', id, plan: { ...plan, assumed: b.assumed, split: countSplit(data, config) } });
}

/** The split's counts, or undefined while it cannot be made (the chosen test file or preset split is missing, a share out of range). */
function countSplit(data: LoadedData, config: TrainConfig): SplitCounts | undefined {
  const d = data.dataset;
  if (!d || !(config.testRatio > 0 && config.testRatio < 1) || !(config.validRatio >= 0 && config.validRatio < 1)) return undefined;
  try {
    return splitCounts(d, config, data.chosenSplit(d, config));
  } catch {
    return undefined;
  }
}
