import { entriesIn } from '../data/csr';
import type { Csr } from '../data/types';
import type { TrainConfig } from '../config/config';
import { memoryNow, type EpochStats } from '../train/metrics';
import { Trainer } from '../train/trainer';
import { TrainingRun, yieldToEventLoop } from '../train/training-run';
import { Asha } from './asha';
import { releasePooledGpuBuffers } from './gpu-pool';
import type { TuneData } from './tune-data';
import { chooseEnsemble, scoreOf } from './ensemble';
import type { Blend, TrialEnd, TrialResult, TuneResult } from '../config/tune-results';
import { haltonPoints } from './halton';
import type { TuneOptions } from '../config/tune-options';
import type { Recipe } from '../config/tune-recipe';
import { configAt, searchedKeys, type SearchSpace } from '../config/tune-space';

export type TuneState = 'running' | 'paused' | 'evaluating' | 'finished' | 'stopped';

export interface TuneEvents {
  trialStart?(id: number, config: TrainConfig, values: TrialResult['values']): void;
  epoch?(id: number, stats: EpochStats): void;
  trialEnd(r: TrialResult): void;
  state?(s: TuneState): void;
  /** An epoch of a chosen trial's refit (TuneOptions.refit), of `epochs`. */
  refitEpoch?(id: number, epoch: number, epochs: number): void;
  /** The search ended with a reported model (not said when no trial kept a model). */
  result?(r: TuneResult): void;
  error?(err: unknown): void;
}

const isRecipe = (plan: SearchSpace | Recipe): plan is Recipe => typeof (plan as Recipe).members === 'function';

/** What tells a recipe's members apart on the leaderboard. */
function memberValues(c: TrainConfig): TrialResult['values'] {
  return { variant: c.variant, kernelDim: c.kernelDim, l2: c.l2, extraLayers: c.extraLayers };
}

/**
 * A hyperparameter search as one state machine (running, paused, evaluating, then finished or stopped):
 * quasi-random draws of the space, each trial a TrainingRun with early stopping (patience) on the validation
 * split and ASHA stopping the unpromising ones at its rungs, within a budget of minutes and/or trials. Trials
 * run one after another on data made once and never see the test set; their tensors are freed as each ends.
 * At the end the best trial, or the average of the top trials' predictions when that is better on validation,
 * is evaluated on the test set once. Stop ends the search early and still evaluates what it found.
 */
export class Tuner {
  private readonly asha: Asha;
  private readonly draw: (index: number) => number[];
  private readonly results: TrialResult[] = [];
  /** The kept weights of the best trials so far (at most ensembleTop) and the stage they were kept in, for the final evaluation. */
  private readonly weights = new Map<number, { params: Float32Array[]; stage: string }>();
  private current?: TrainingRun;
  private paused = false;
  private stopRequested = false;
  private started = false;
  private wake: () => void = () => {};
  private startMs = 0;
  private pausedMs = 0;
  private pausedAt = 0;
  readonly done: Promise<TuneResult | undefined>;
  private resolveDone: (r: TuneResult | undefined) => void = () => {};

  private readonly space: SearchSpace;
  /** A recipe's members (trials come from this list instead of the space: no pruning, all kept). */
  private readonly recipe?: readonly TrainConfig[];

  /** Searches `plan` (a space) or trains its members one after another (a recipe). */
  constructor(
    private readonly data: TuneData,
    private readonly base: TrainConfig,
    plan: SearchSpace | Recipe,
    private readonly options: TuneOptions,
    private readonly events: TuneEvents,
    private readonly yieldNow: () => Promise<void> = yieldToEventLoop,
  ) {
    const recipe = isRecipe(plan) ? plan : undefined;
    this.space = recipe ? {} : (plan as SearchSpace);
    this.recipe = recipe?.members(base);
    this.asha = new Asha(options.minEpochs, options.eta, options.maxEpochs);
    this.draw = haltonPoints(searchedKeys(this.space).length, options.seed);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get trials(): readonly TrialResult[] {
    return this.results;
  }

  /** ASHA's rungs and how many trials reached each. */
  get rungs(): { epoch: number; trials: number }[] {
    return this.asha.counts;
  }

  /** Starts, or resumes a paused search. */
  play(): void {
    if (this.stopRequested) return;
    if (!this.started) {
      this.started = true;
      this.startMs = performance.now();
      this.events.state?.('running');
      void this.loop();
      return;
    }
    if (!this.paused) return;
    this.paused = false;
    this.pausedMs += performance.now() - this.pausedAt;
    this.events.state?.('running');
    this.current?.play();
    this.kick();
  }

  /** Pauses within one batch of the trial in progress. */
  pause(): void {
    if (!this.started || this.paused || this.stopRequested) return;
    this.paused = true;
    this.pausedAt = performance.now();
    this.current?.pause();
    this.events.state?.('paused');
  }

  /** Ends the search within one batch; what it found is still evaluated. */
  stop(): void {
    if (this.stopRequested) return;
    this.stopRequested = true;
    if (this.paused) {
      this.paused = false;
      this.pausedMs += performance.now() - this.pausedAt;
    }
    this.current?.stop();
    this.kick();
    if (!this.started) this.resolveDone(undefined);
  }

  /** Search time so far, paused time not counted. */
  elapsedMs(): number {
    const now = this.paused ? this.pausedAt : performance.now();
    return now - this.startMs - this.pausedMs;
  }

  private kick(): void {
    const w = this.wake;
    this.wake = () => {};
    w();
  }

  private budgetLeft(): boolean {
    const { minutes, trials } = this.options;
    if (this.recipe && this.results.length >= this.recipe.length) return false;
    if (trials > 0 && this.results.length >= trials) return false;
    return !(minutes > 0 && this.elapsedMs() >= minutes * 60_000);
  }

  private async loop(): Promise<void> {
    try {
      for (let id = 1; !this.stopRequested && this.budgetLeft(); id++) {
        while (this.paused && !this.stopRequested) await new Promise<void>((resolve) => (this.wake = resolve));
        if (this.stopRequested) break;
        await this.trial(id);
        await this.yieldNow();
      }
      const result = await this.finish();
      if (result) this.events.result?.(result);
      this.events.state?.(result ? 'finished' : 'stopped');
      this.resolveDone(result);
    } catch (err) {
      this.events.error?.(err);
      this.events.state?.('stopped');
      this.resolveDone(undefined);
    }
  }

  private async trial(id: number): Promise<void> {
    const { options } = this;
    const member = this.recipe?.[id - 1];
    const drawn = member ? { config: member, values: memberValues(member) } : configAt(this.space, this.base, this.draw(id - 1));
    const config: TrainConfig = member
      ? { ...member, epochs: Math.min(member.epochs, options.maxEpochs), compute: this.data.compute }
      : { ...drawn.config, epochs: options.maxEpochs, patience: options.patience, seed: (this.base.seed + id - 1) % 2 ** 31, compute: this.data.compute };
    const values = drawn.values;
    const t0 = performance.now();
    const refused = this.data.refusal(config);
    if (refused) return this.ended({ id, config, values, epochs: 0, bestEpoch: 0, validRmse: NaN, ms: 0, end: 'refused', message: refused, ...memoryNow() });
    this.events.trialStart?.(id, config, values);
    const trainer = new Trainer(this.data.forTrials(config.variant), config, { evaluateTest: false });
    let pruned = false;
    let outOfBudget = false;
    let failure: string | undefined;
    let epochs = 0;
    let pausedInTrial = 0;
    const run = new TrainingRun(
      trainer,
      config,
      {
        epoch: (s) => {
          epochs = s.epoch;
          this.events.epoch?.(id, s);
          if (!this.recipe && this.asha.report(s.epoch, s.selectedValidRmse)) {
            pruned = true;
            run.stop();
          } else if (!this.budgetLeftNow()) {
            outOfBudget = true;
            run.stop();
          }
        },
        state: () => {},
        error: (err) => (failure = err instanceof Error ? err.message : String(err)),
      },
      this.yieldNow,
    );
    this.current = run;
    const pausedBefore = this.pausedMs;
    run.play();
    if (this.paused) run.pause();
    if (this.stopRequested) run.stop();
    const end = await run.done;
    this.current = undefined;
    pausedInTrial = this.pausedMs - pausedBefore + (this.paused ? performance.now() - this.pausedAt : 0);
    const sel = trainer.selection;
    const validRmse = sel.epoch > 0 ? sel.validRmse : NaN;
    const kind: TrialEnd = failure ? 'failed' : pruned ? 'pruned' : outOfBudget ? 'budget' : end?.kind === 'stopped' ? 'stopped' : (end?.kind ?? 'stopped');
    if (Number.isFinite(validRmse) && this.wouldKeep(validRmse)) {
      this.weights.set(id, { params: await trainer.servingWeights(), stage: trainer.servingModel.stage });
    }
    trainer.dispose();
    releasePooledGpuBuffers();
    this.ended({ id, config, values, epochs, bestEpoch: sel.epoch, validRmse, ms: performance.now() - t0 - pausedInTrial, end: kind, ...(failure && { message: failure }), ...memoryNow() });
  }

  /** The budget as checked after an epoch: time only (the trial count is checked between trials). */
  private budgetLeftNow(): boolean {
    const { minutes } = this.options;
    return !(minutes > 0 && this.elapsedMs() >= minutes * 60_000);
  }

  /** Whether a trial with this validation RMSE is among the best ensembleTop so far. */
  private wouldKeep(validRmse: number): boolean {
    if (this.recipe) return true;
    const better = this.results.filter((r) => this.weights.has(r.id) && r.validRmse <= validRmse).length;
    return better < this.options.ensembleTop;
  }

  private ended(r: TrialResult): void {
    this.results.push(r);
    // Only the best ensembleTop trials keep their weights.
    const ranked = this.results.filter((x) => this.weights.has(x.id)).sort((a, b) => a.validRmse - b.validRmse);
    if (!this.recipe) for (const x of ranked.slice(this.options.ensembleTop)) this.weights.delete(x.id);
    this.events.trialEnd(r);
  }

  /**
   * After the search: the best trial, or a blend of the top trials' predictions when that is better on
   * validation (in order of validation RMSE, I- and U-AutoRec alike: predictions are matched pair by pair): the
   * average of the best k, or weights fitted on validation when their cross-validated RMSE is lower still
   * (TuneOptions.fitBlend); then that model's test RMSE, the only time the test set is read. With `refit`, each chosen trial is first
   * trained again on training + validation for the epochs it kept, and those models are tested.
   */
  private async finish(): Promise<TuneResult | undefined> {
    const kept = this.results.filter((r) => this.weights.has(r.id) && Number.isFinite(r.validRmse)).sort((a, b) => a.validRmse - b.validRmse);
    if (kept.length === 0) return undefined;
    this.events.state?.('evaluating');
    const best = kept[0];
    const variant = best.config.variant;
    const members = kept.slice(0, this.recipe ? kept.length : this.options.ensembleTop);
    const trialsData = this.data.forTrials(variant);
    const validPreds: Float32Array[] = [];
    for (const m of members) {
      const own = this.data.forTrials(m.config.variant).valid;
      validPreds.push(Tuner.inOrderOf(trialsData.valid, own, await this.predict(m, own)));
    }
    const range = [this.data.dataset.ratingMin, this.data.dataset.ratingMax] as const;
    const chosen = chooseEnsemble(validPreds, trialsData.valid.values, trialsData.unseenValid, { fit: this.options.fitBlend > 0, range });
    const picked = members.slice(0, chosen.size);
    const blend: Blend = { ...chosen.blend, weights: chosen.blend.weights.slice(0, chosen.size) };
    // stopped during the refits: the kept weights are tested, as without refit
    const refitted = this.options.refit > 0 ? await this.refitAll(picked) : undefined;
    const refit = refitted !== undefined;
    // the test ratings, scored here only, in each variant's orientation (held out from training + validation after a
    // refit; refitAll only asked where to predict)
    const tests = new Map([...new Set([variant, ...picked.map((m) => m.config.variant)])].map((v) => [v, this.data.testOf(v, refit)] as const));
    const { test, unseen } = tests.get(variant)!;
    const testPreds: Float32Array[] = [];
    for (const [k, m] of picked.entries()) {
      const own = tests.get(m.config.variant)!.test;
      testPreds.push(Tuner.inOrderOf(test, own, refitted?.[k] ?? (await this.predict(m, own))));
    }
    const score = scoreOf(testPreds, test.values, unseen, blend, range);
    this.weights.clear();
    return {
      best,
      members: picked.map((m) => m.id),
      blend,
      ...(chosen.fittedRmse !== undefined && { fittedValidRmse: chosen.fittedRmse }),
      validRmse: chosen.rmse,
      bestValidRmse: chosen.single,
      validBySize: chosen.bySize,
      testRmse: score.rmse,
      testMae: score.mae,
      refit,
      trials: this.results.length,
      minutes: this.elapsedMs() / 60_000,
    };
  }

  /**
   * Predictions made at the entries of `source` in the order of `target`'s: the same set in the other
   * orientation when a U-AutoRec trial joins I-AutoRec ones (or the other way round), else as they are.
   */
  private static inOrderOf(target: Csr, source: Csr, preds: Float32Array): Float32Array {
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
  private async refitAll(trials: readonly TrialResult[]): Promise<Float32Array[] | undefined> {
    const out: Float32Array[] = [];
    for (const r of trials) {
      const data = this.data.forRefit(r.config.variant);
      const { test } = this.data.testOf(r.config.variant, true);
      if (r.config.globalEpochs > 0) {
        out.push(await this.predict(r, test, data));
        continue;
      }
      const config: TrainConfig = { ...r.config, epochs: r.bestEpoch, patience: 0, validRatio: 0 };
      const trainer = new Trainer(data, config, { evaluateTest: false });
      try {
        let failure: unknown;
        const run = new TrainingRun(trainer, config, { epoch: (s) => this.events.refitEpoch?.(r.id, s.epoch, config.epochs), state: () => {}, error: (err) => (failure = err) }, this.yieldNow);
        this.current = run;
        run.play();
        if (this.paused) run.pause();
        if (this.stopRequested) run.stop();
        const end = await run.done;
        this.current = undefined;
        if (failure !== undefined) throw failure;
        if (end?.kind !== 'completed') return undefined;
        out.push(await trainer.predictAt(test));
      } finally {
        this.current = undefined;
        trainer.dispose();
        releasePooledGpuBuffers();
      }
    }
    return out;
  }

  /** A kept trial's predictions at the entries of m (its weights back on the backend for a moment), from the ratings of `data`. */
  private async predict(r: TrialResult, m: Parameters<Trainer['predictAt']>[0], data = this.data.forTrials(r.config.variant)): Promise<Float32Array> {
    const w = this.weights.get(r.id);
    if (!w) throw new Error(`trial ${r.id} kept no weights`);
    const trainer = new Trainer(data, r.config, { evaluateTest: false });
    try {
      // in the stage it was kept in: an AutoRec+ epoch of the global stage predicts through the global kernel
      const { params, stage } = w;
      trainer.restore({ epoch: r.bestEpoch, selected: { epoch: r.bestEpoch, validRmse: r.validRmse, testRmse: NaN }, learningRate: r.config.learningRate, params, kept: params, stage, keptStage: stage });
      return await trainer.predictAt(m);
    } finally {
      trainer.dispose();
      releasePooledGpuBuffers();
    }
  }
}
