import { baselines, type Baselines } from '../baselines/bias-baselines';
import { holdoutProblem, makeHoldout, type Holdout } from '../data/holdout';
import { prepare } from './prepare';
import type { Dataset, Split } from '../data/types';
import type { BackendName, TrainConfig } from '../config/config';
import { chooseCompute } from '../compute/compute-path';
import { longestRows, planMemory, refusal, type MemoryPlan } from '../compute/memory';
import { assertConfig } from '../config/settings';
import { Trainer } from './trainer';
import { mostPopular, RANK_FINAL_SCORES, RankingTask, ratingStep, relevanceThreshold, type RankingOptions } from '../data/ranking';

export interface RunSetup {
  trainer: Trainer;
  /** The path 'auto' resolved to, and why. */
  compute: 'dense' | 'sparse';
  computeReason: string;
  /** How a batch is trained: 'fused' (the default model in four kernel calls, src/train/fused-training.ts) or 'ops' (tfjs's ops). */
  step: 'fused' | 'ops';
  /** Train / validation / test as trained and measured. */
  split: Holdout;
  trainRatings: number;
  validRatings: number;
  testRatings: number;
  unseenTest: number;
  unseenValid: number;
  overlapRemoved: number;
  memory: MemoryPlan;
  /** The chart's reference lines, fitted on first read (MF takes about a second on ML-100K): a setup made only to time steps skips them. */
  readonly baselines: Baselines;
  /** The users, relevance threshold and seen items of the per-epoch ranking metrics (src/data/ranking.ts). */
  ranking: RankingTask;
}

/**
 * Everything between a loaded dataset and a trainer, shared by the worker and the headless
 * commands: the settings checked, the three sets (a given split or a seeded random one, overlapping
 * pairs out of training, the validation share carved from training), sparse matrices, the memory check.
 * Throws with a message the user can act on when the configuration or the data cannot train. Epochs measure
 * the ranking at 10 only with `rankEpochs` (the page, while its chart shows NDCG@10; Trainer.setRanking).
 */
export function setupRun(d: Dataset, input: TrainConfig, opts: { split?: Split; maxBufferBytes?: number; backend: BackendName; rankEpochs?: boolean; fusedStep?: boolean }): RunSetup {
  const config = assertConfig(input);
  const { compute, reason: computeReason } = chooseCompute(config.compute, opts.backend, d);
  const byItem = config.variant === 'I';
  const split = makeHoldout(d, config, opts.split);
  const problem = holdoutProblem(split, config);
  if (problem) throw new Error(problem);
  const prepared = prepare(split, d.numUsers, d.numItems, byItem);
  const memory = planMemory(config, {
    inputDim: byItem ? d.numUsers : d.numItems,
    compute,
    maxBatchEntries: compute === 'sparse' ? longestRows(prepared.train.rowPtr, config.batchSize) : undefined,
    backend: opts.backend,
    maxBufferBytes: opts.maxBufferBytes,
    rows: byItem ? d.numItems : d.numUsers,
  });
  const refused = refusal(memory, config);
  if (refused) throw new Error(refused);
  let fitted: Baselines | undefined;
  const ranking = rankingTask(split, d, config.splitSeed);
  const trainer = new Trainer({ ...prepared, ratingMin: d.ratingMin, ratingMax: d.ratingMax }, { ...config, compute }, { ranking, rankEpochs: opts.rankEpochs ?? false, fusedStep: opts.fusedStep });
  return {
    trainer,
    compute,
    computeReason,
    step: trainer.fusedStep ? 'fused' : 'ops',
    split,
    trainRatings: split.train.ratings.length,
    validRatings: split.valid.ratings.length,
    testRatings: split.test.ratings.length,
    unseenTest: prepared.unseen.ratings,
    unseenValid: prepared.unseenValid.ratings,
    overlapRemoved: split.overlapRemoved,
    memory,
    get baselines() {
      return (fitted ??= { ...baselines(split, d.numUsers, d.numItems, d.ratingMin, d.ratingMax, ranking), popular: mostPopular(ranking, split.train) });
    },
    ranking,
  };
}

/**
 * The ranking metrics' task on a holdout: relevant = a test rating of at least relevanceThreshold on the data's
 * scale (its grid from the training ratings), users a sample seeded by the split seed (the same users for every
 * model seed) where more than RANK_MAX_USERS qualify.
 */
export function rankingTask(split: Pick<Holdout, 'train' | 'valid' | 'test'>, d: Pick<Dataset, 'numUsers' | 'numItems' | 'ratingMin' | 'ratingMax'>, seed: number, o: RankingOptions = {}): RankingTask {
  const threshold = relevanceThreshold(d.ratingMin, d.ratingMax, ratingStep(split.train.ratings));
  return new RankingTask(split, d.numUsers, d.numItems, threshold, { seed, ...o });
}

/** The task of the one ranking evaluation at the end of a run or a search: every ranked user where affordable (RANK_FINAL_SCORES). */
export const finalRankingTask = (split: Pick<Holdout, 'train' | 'valid' | 'test'>, d: Pick<Dataset, 'numUsers' | 'numItems' | 'ratingMin' | 'ratingMax'>, seed: number): RankingTask =>
  rankingTask(split, d, seed, { maxUsers: Infinity, maxScores: RANK_FINAL_SCORES });
