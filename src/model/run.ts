import { baselines, type Baselines } from '../data/baselines';
import { prepare } from '../data/prepare';
import { randomSplit } from '../data/split';
import type { Dataset, Split } from '../data/types';
import { chooseCompute, type BackendName, type TrainConfig } from './config';
import { longestRows, planMemory, refusal, type MemoryPlan } from './memory';
import { AutoRecTrainer } from './trainer';

export interface RunSetup {
  trainer: AutoRecTrainer;
  /** The path 'auto' resolved to, and why. */
  compute: 'dense' | 'sparse';
  computeReason: string;
  split: Split;
  trainRatings: number;
  testRatings: number;
  unseenTest: number;
  memory: MemoryPlan;
  baselines: Baselines;
}

/**
 * Everything between a loaded dataset and a trainer, shared by the worker and the headless
 * commands: the split (a given one, or seeded random), sparse matrices, the memory check.
 * Throws with a message the user can act on when the configuration does not fit.
 */
export function setupRun(d: Dataset, config: TrainConfig, opts: { split?: Split; maxBufferBytes?: number; backend: BackendName }): RunSetup {
  const density = d.ratings.ratings.length / (d.numUsers * d.numItems);
  const { compute, reason: computeReason } = chooseCompute(config.compute, opts.backend, density);
  const byItem = config.variant === 'I';
  const split = opts.split ?? randomSplit(d.ratings, config.testRatio, config.seed);
  const prepared = prepare(split, d.numUsers, d.numItems, byItem);
  const memory = planMemory(config, {
    inputDim: byItem ? d.numUsers : d.numItems,
    compute,
    maxBatchEntries: compute === 'sparse' ? longestRows(prepared.train.rowPtr, config.batchSize) : undefined,
    backend: opts.backend,
    maxBufferBytes: opts.maxBufferBytes,
  });
  const refused = refusal(memory, config);
  if (refused) throw new Error(refused);
  return {
    trainer: new AutoRecTrainer({ ...prepared, ratingMin: d.ratingMin, ratingMax: d.ratingMax }, { ...config, compute }),
    compute,
    computeReason,
    split,
    trainRatings: split.train.ratings.length,
    testRatings: split.test.ratings.length,
    unseenTest: prepared.unseen.ratings,
    memory,
    baselines: baselines(split, d.numUsers, d.numItems, d.ratingMin, d.ratingMax),
  };
}
