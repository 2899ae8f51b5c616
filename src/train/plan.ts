import { makeHoldout, type HoldoutOptions } from '../data/holdout';
import type { Dataset, RatingTriples, Split } from '../data/types';
import type { BackendName, TrainConfig } from '../config/config';
import { chooseCompute } from '../compute/compute-path';
import { largestSum, planMemory, refusal, type MemoryPlan } from '../compute/memory';
import { validateConfig } from '../config/settings';

/** What a run with these settings would need, worked out before Start (no split, no matrices built). */
export interface RunPlan {
  /** The backend the plan is for. */
  backend: BackendName;
  /** Set when that backend has not started yet: which one the plan assumes, and why. */
  assumed?: string;
  variant: TrainConfig['variant'];
  /** Users (I-AutoRec) or items (U-AutoRec): the width of each input row. */
  inputDim: number;
  compute?: 'dense' | 'sparse';
  computeReason?: string;
  /** Absent when the settings themselves are refused (see refusal). */
  memory?: MemoryPlan;
  /** Why Start would be refused: a bad setting, a compute path the backend lacks, or memory that does not fit. */
  refusal?: string;
  /** The sets the split settings make (the worker adds them); absent when the split cannot be made yet (no test file). */
  split?: SplitCounts;
}

/** Ratings in each set of a run's split, before Start: what setupRun's split will hold. */
export interface SplitCounts {
  train: number;
  valid: number;
  test: number;
  /** Training pairs also in the test set, left out of training (a second file that repeats the ratings). */
  overlapRemoved: number;
}

/** Per dataset, the last split counted and what it was counted for: only a change of the split settings splits again. */
const counts = new WeakMap<Dataset, { key: string; given?: Split['test']; givenTrain?: Split['train']; counts: SplitCounts }>();

/**
 * The train / validation / test counts of the split `o` (and `given`, a preset split or a test file) makes
 * of `d`, by the one split code a run uses (makeHoldout); remembered per dataset, so a change of the other
 * settings (a slider moved) does not split a large file again.
 */
export function splitCounts(d: Dataset, o: HoldoutOptions, given?: Split): SplitCounts {
  const key = `${given ? '' : o.testRatio}|${o.validRatio}|${o.splitSeed}`;
  const hit = counts.get(d);
  if (hit && hit.key === key && hit.given === given?.test && hit.givenTrain === given?.train) return hit.counts;
  const h = makeHoldout(d, o, given);
  const c = { train: h.train.ratings.length, valid: h.valid.ratings.length, test: h.test.ratings.length, overlapRemoved: h.overlapRemoved };
  counts.set(d, { key, given: given?.test, givenTrain: given?.train, counts: c });
  return c;
}

export interface PlanShape {
  numUsers: number;
  numItems: number;
  /** The ratings training will draw from (all of them, or a preset split's training part): an upper bound of the training side. */
  ratings: RatingTriples;
}

const counted = new WeakMap<RatingTriples, { byItem?: Int32Array; byUser?: Int32Array }>();

/** Ratings per row (per item for I-AutoRec, per user for U-AutoRec), sorted ascending; cached per ratings array. */
export function sortedRowCounts(ratings: RatingTriples, rows: number, byItem: boolean): Int32Array {
  const cache = counted.get(ratings) ?? {};
  counted.set(ratings, cache);
  const hit = byItem ? cache.byItem : cache.byUser;
  if (hit && hit.length === rows) return hit;
  const ids = byItem ? ratings.items : ratings.users;
  const counts = new Int32Array(rows);
  for (let k = 0; k < ids.length; k++) counts[ids[k]]++;
  counts.sort();
  if (byItem) cache.byItem = counts;
  else cache.byUser = counts;
  return counts;
}

/**
 * The memory plan and refusal of a run, as setupRun (./run.ts) would find them, from the data's shape and
 * per-row rating counts only: cheap enough to run on every change of the settings. For the sparse path the
 * batch is sized by the longest rows of all ratings given, at least as many as the training side holds, so
 * the plan never promises less memory than the run takes.
 */
export function planRun(d: PlanShape, input: TrainConfig, opts: { backend: BackendName; maxBufferBytes?: number }): RunPlan {
  const byItem = input.variant === 'I';
  const inputDim = byItem ? d.numUsers : d.numItems;
  const base = { backend: opts.backend, variant: input.variant, inputDim };
  const v = validateConfig(input);
  if (!v.ok) return { ...base, refusal: `Bad settings: ${v.errors.join('; ')}.` };
  const config = v.config;
  let compute: 'dense' | 'sparse';
  let computeReason: string;
  try {
    ({ compute, reason: computeReason } = chooseCompute(config.compute, opts.backend, d));
  } catch (e) {
    return { ...base, refusal: e instanceof Error ? e.message : String(e) };
  }
  const rows = byItem ? d.numItems : d.numUsers;
  const memory = planMemory(config, {
    inputDim,
    compute,
    maxBatchEntries: compute === 'sparse' ? largestSum(sortedRowCounts(d.ratings, rows, byItem), config.batchSize) : undefined,
    backend: opts.backend,
    maxBufferBytes: opts.maxBufferBytes,
    rows,
  });
  return { ...base, compute, computeReason, memory, refusal: refusal(memory, config) };
}
