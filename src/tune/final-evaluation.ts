import { entriesIn } from '../data/csr';
import type { Csr } from '../data/types';
import type { TrainConfig } from '../config/config';
import type { TuneOptions } from '../config/tune-options';
import { noPatienceWithoutValidation } from '../config/settings';
import type { Blend, TrialResult, TuneResult } from '../config/tune-results';
import type { TrainData } from '../train/prepare';
import { Trainer } from '../train/trainer';
import { TrainingRun, type RunEnd } from '../train/training-run';
import { chooseEnsemble, scoreOf } from './ensemble';
import { BlendRanking } from './final-ranking';
import { mostPopular } from '../data/ranking';
import { finalRankingTask } from '../train/setup-run';
import { releasePooledGpuBuffers } from './gpu-pool';
import type { TuneData } from './tune-data';
import type { BlendMember, BlendOfMembers } from '../serve/blend-model';

/** A kept trial's weights (its serving model's, params order) and the stage they were kept in. */
export interface KeptWeights {
  params: Float32Array[];
  stage: string;
}

/** What a search found: its data and options, every trial, and the weights the best trials kept (by trial id). */
export interface Found {
  readonly data: TuneData;
  readonly options: TuneOptions;
  /** A recipe's member count (every member is kept and blended); undefined for a search. */
  readonly recipe?: number;
  readonly trials: readonly TrialResult[];
  readonly weights: Map<number, KeptWeights>;
}

/** How the evaluation speaks and trains: it says when it begins, and its refits run as the search's runs (paused and stopped with it). */
export interface EvaluationHooks {
  evaluating(): void;
  drive(run: TrainingRun): Promise<RunEnd | undefined>;
  yieldNow: () => Promise<void>;
  refitEpoch?(id: number, epoch: number, epochs: number): void;
}

/**
 * After the search: the best trial, or a blend of the top trials' predictions when that is better on
 * validation (in order of validation RMSE, I- and U-AutoRec alike: predictions are matched pair by pair): the
 * average of the best k, or weights fitted on validation when their cross-validated RMSE is lower still
 * (TuneOptions.fitBlend); then that model's test RMSE, the only time the test set is read. With `refit`, each
 * chosen trial is first trained again on training + validation for the epochs it kept, and those models are
 * tested. Undefined when no trial kept a model; the search time (minutes) is the caller's to add.
 */
export async function evaluateFound(found: Found, hooks: EvaluationHooks): Promise<{ result: Omit<TuneResult, 'minutes'>; model: BlendOfMembers } | undefined> {
  const { data, options, weights } = found;
  // a recipe's member stopped part-way is not one of its members: the blend is of those that finished
  const unfinished = (r: TrialResult) => found.recipe !== undefined && (r.end === 'stopped' || r.end === 'budget');
  const kept = found.trials.filter((r) => weights.has(r.id) && Number.isFinite(r.validRmse) && !unfinished(r)).sort((a, b) => a.validRmse - b.validRmse);
  if (kept.length === 0) return undefined;
  const finished = found.trials.filter((r) => !unfinished(r)).length;
  const stoppedAfter = found.recipe !== undefined && finished < found.recipe ? { finished, of: found.recipe } : undefined;
  hooks.evaluating();
  const best = kept[0];
  const variant = best.config.variant;
  const members = kept.slice(0, found.recipe !== undefined ? kept.length : options.ensembleTop);
  const trialsData = data.forTrials(variant);
  const validPreds: Float32Array[] = [];
  for (const m of members) {
    const own = data.forTrials(m.config.variant).valid;
    validPreds.push(inOrderOf(trialsData.valid, own, await predictKept(weights, m, own, data.forTrials(m.config.variant))));
  }
  const range = [data.dataset.ratingMin, data.dataset.ratingMax] as const;
  const chosen = chooseEnsemble(validPreds, trialsData.valid.values, trialsData.unseenValid, { fit: options.fitBlend > 0, range });
  const picked = members.slice(0, chosen.size);
  const blend: Blend = { ...chosen.blend, weights: chosen.blend.weights.slice(0, chosen.size) };
  // the top-10 figures of the same model, on the test ratings too (src/data/ranking.ts), and of the most popular items
  const task = finalRankingTask(data.holdout, data.dataset, best.config.splitSeed);
  const refitRanking = new BlendRanking(task, blend);
  // stopped during the refits: the kept weights are tested, as without refit
  const refitted = options.refit > 0 ? await refitAll(found, hooks, picked, refitRanking) : undefined;
  const refit = refitted !== undefined;
  // the model the result is: each member's serving weights (refit, or as kept in the search)
  const networks: BlendMember[] = picked.map((m, k) => {
    const w = refitted?.[k].weights ?? weights.get(m.id)!;
    return { trial: m.id, config: m.config, params: w.params, stage: w.stage, epoch: m.bestEpoch, validRmse: m.validRmse };
  });
  const ranking = refit ? refitRanking : new BlendRanking(task, blend);
  // the test ratings, scored here only, in each variant's orientation (held out from training + validation after a
  // refit; refitAll only asked where to predict)
  const tests = new Map([...new Set([variant, ...picked.map((m) => m.config.variant)])].map((v) => [v, data.testOf(v, refit)] as const));
  const { test, unseen } = tests.get(variant)!;
  const testPreds: Float32Array[] = [];
  for (const [k, m] of picked.entries()) {
    const own = tests.get(m.config.variant)!.test;
    testPreds.push(inOrderOf(test, own, refitted?.[k].preds ?? (await predictKept(weights, m, own, data.forTrials(m.config.variant), (t) => ranking.add(k, t)))));
  }
  const score = scoreOf(testPreds, test.values, unseen, blend, range);
  const ranked = ranking.figures();
  weights.clear();
  const result = {
    best,
    members: picked.map((m) => m.id),
    blend,
    ...(chosen.fittedRmse !== undefined && { fittedValidRmse: chosen.fittedRmse }),
    validRmse: chosen.rmse,
    bestValidRmse: chosen.single,
    validBySize: chosen.bySize,
    testRmse: score.rmse,
    testMae: score.mae,
    testPrecision10: ranked?.precision ?? NaN,
    testRecall10: ranked?.recall ?? NaN,
    testNdcg10: ranked?.ndcg ?? NaN,
    popular: mostPopular(task, data.holdout.train),
    refit,
    trials: found.trials.length,
    ...(stoppedAfter && { stoppedAfter }),
  };
  return { result, model: { members: networks, blend, refit } };
}

/**
 * Predictions made at the entries of `source` in the order of `target`'s: the same set in the other
 * orientation when a U-AutoRec trial joins I-AutoRec ones (or the other way round), else as they are.
 */
function inOrderOf(target: Csr, source: Csr, preds: Float32Array): Float32Array {
  if (source === target) return preds;
  const at = entriesIn(target, source);
  const out = new Float32Array(preds.length);
  for (let k = 0; k < preds.length; k++) out[at[k]] = preds[k];
  return out;
}

/**
 * Each trial trained again from its seed on training + validation ratings for the epochs it kept, then its
 * predictions at its variant's test entries as held out from both (testOf(variant, true)); undefined when the
 * search is stopped meanwhile. A trial with a global-kernel stage is not trained again (when its stage began
 * came from validation): its kept weights predict, from training + validation ratings.
 */
async function refitAll({ data, weights }: Found, hooks: EvaluationHooks, trials: readonly TrialResult[], ranking: BlendRanking): Promise<{ preds: Float32Array; weights: KeptWeights }[] | undefined> {
  const out: { preds: Float32Array; weights: KeptWeights }[] = [];
  for (const [k, r] of trials.entries()) {
    const refitData = data.forRefit(r.config.variant);
    const { test } = data.testOf(r.config.variant, true);
    if (r.config.globalEpochs > 0) {
      out.push({ preds: await predictKept(weights, r, test, refitData, (t) => ranking.add(k, t)), weights: weights.get(r.id)! });
      continue;
    }
    const config: TrainConfig = noPatienceWithoutValidation({ ...r.config, epochs: r.bestEpoch, validRatio: 0 });
    const trainer = new Trainer(refitData, config, { evaluateTest: false, trainRmse: false });
    try {
      let failure: unknown;
      const run = new TrainingRun(trainer, config, { epoch: (s) => hooks.refitEpoch?.(r.id, s.epoch, config.epochs), state: () => {}, error: (err) => (failure = err) }, hooks.yieldNow);
      const end = await hooks.drive(run);
      if (failure !== undefined) throw failure;
      if (end?.kind !== 'completed') return undefined;
      out.push({ preds: await trainer.predictAt(test), weights: { params: await trainer.servingWeights(), stage: trainer.servingModel.stage } });
      await ranking.add(k, trainer);
    } finally {
      trainer.dispose();
      releasePooledGpuBuffers();
    }
  }
  return out;
}

/**
 * A kept trial's predictions at the entries of m (its weights back on the backend for a moment), from the ratings
 * of `data`; `also` uses the trainer meanwhile (the ranking scores).
 */
async function predictKept(weights: ReadonlyMap<number, KeptWeights>, r: TrialResult, m: Csr, data: TrainData, also?: (t: Trainer) => Promise<void>): Promise<Float32Array> {
  const w = weights.get(r.id);
  if (!w) throw new Error(`trial ${r.id} kept no weights`);
  const trainer = new Trainer(data, r.config, { evaluateTest: false });
  try {
    // in the stage it was kept in: an AutoRec+ epoch of the global stage predicts through the global kernel
    const { params, stage } = w;
    trainer.restore({ epoch: r.bestEpoch, selected: { epoch: r.bestEpoch, validRmse: r.validRmse, testRmse: NaN }, learningRate: r.config.learningRate, params, kept: params, stage, keptStage: stage });
    const preds = await trainer.predictAt(m);
    await also?.(trainer);
    return preds;
  } finally {
    trainer.dispose();
    releasePooledGpuBuffers();
  }
}
