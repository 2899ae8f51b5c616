import type { TrainConfig } from '../config/config';
import { memoryNow, type EpochStats } from '../train/metrics';
import { Trainer } from '../train/trainer';
import { PauseGate } from '../train/pause-gate';
import { TrainingRun, yieldEvery, YIELD_EVERY_MS, type RunEnd } from '../train/training-run';
import { Asha } from './asha';
import { releasePooledGpuBuffers } from './gpu-pool';
import type { TuneData } from './tune-data';
import { evaluateFound, type KeptWeights } from './final-evaluation';
import type { BlendOfMembers } from '../serve/blend-model';
import type { TrialEnd, TrialResult, TuneResult } from '../config/tune-results';
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
 * is evaluated on the test set once (./final-evaluation.ts). Stop ends the search early and still evaluates what it found.
 */
export class Tuner {
  private readonly asha: Asha;
  private readonly draw: (index: number) => number[];
  private readonly results: TrialResult[] = [];
  /** The reported model once the search has finished: its members' weights and the blend (what serves and saves). */
  found?: BlendOfMembers;
  /** The kept weights of the best trials so far (at most ensembleTop) and the stage they were kept in, for the final evaluation. */
  private readonly weights = new Map<number, KeptWeights>();
  /** The run in progress (a trial, a refit): it pauses, plays and stops with the search. */
  private current?: TrainingRun;
  /** Paused or not, and Stop (final); the search's time leaves its pauses out. */
  private readonly gate = new PauseGate();
  private started = false;
  private startMs = 0;
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
    private readonly yieldNow: () => Promise<void> = yieldEvery(YIELD_EVERY_MS),
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
    if (this.gate.stopped) return;
    if (!this.started) {
      this.started = true;
      this.startMs = performance.now();
      this.events.state?.('running');
      void this.loop();
      return;
    }
    if (!this.gate.play()) return;
    this.events.state?.('running');
    this.current?.play();
  }

  /** Pauses within one batch of the trial in progress. */
  pause(): void {
    if (!this.started || !this.gate.pause()) return;
    this.current?.pause();
    this.events.state?.('paused');
  }

  /** Ends the search within one batch; what it found is still evaluated. */
  stop(): void {
    if (!this.gate.stop()) return;
    this.current?.stop();
    if (!this.started) this.resolveDone(undefined);
  }

  /** Search time so far, paused time not counted. */
  elapsedMs(): number {
    return this.gate.activeMsSince(this.startMs);
  }

  private budgetLeft(): boolean {
    const { minutes, trials } = this.options;
    if (this.recipe && this.results.length >= this.recipe.length) return false;
    if (trials > 0 && this.results.length >= trials) return false;
    return !(minutes > 0 && this.elapsedMs() >= minutes * 60_000);
  }

  private async loop(): Promise<void> {
    try {
      for (let id = 1; !this.gate.stopped && this.budgetLeft(); id++) {
        await this.gate.whilePaused();
        if (this.gate.stopped) break;
        await this.trial(id);
        await this.yieldNow();
      }
      const found = { data: this.data, options: this.options, recipe: this.recipe?.length, trials: this.results, weights: this.weights };
      const evaluated = await evaluateFound(found, {
        evaluating: () => this.events.state?.('evaluating'),
        drive: (run) => this.drive(run),
        yieldNow: this.yieldNow,
        refitEpoch: (id, epoch, epochs) => this.events.refitEpoch?.(id, epoch, epochs),
      });
      const result = evaluated && { ...evaluated.result, minutes: this.elapsedMs() / 60_000 };
      this.found = evaluated?.model;
      if (result) this.events.result?.(result);
      this.events.state?.(result ? 'finished' : 'stopped');
      this.resolveDone(result);
    } catch (err) {
      this.events.error?.(err);
      this.events.state?.('stopped');
      this.resolveDone(undefined);
    }
  }

  /** Runs `run` as the search's current run: paused or stopped now if the search is, and with it later. */
  private async drive(run: TrainingRun): Promise<RunEnd | undefined> {
    this.current = run;
    run.play();
    if (this.gate.paused) run.pause();
    if (this.gate.stopped) run.stop();
    try {
      return await run.done;
    } finally {
      this.current = undefined;
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
    const trainer = new Trainer(this.data.forTrials(config.variant), config, { evaluateTest: false, trainRmse: false });
    let pruned = false;
    let outOfBudget = false;
    let failure: string | undefined;
    let epochs = 0;
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
    const pausedBefore = this.gate.pausedMs();
    const end = await this.drive(run);
    const pausedInTrial = this.gate.pausedMs() - pausedBefore;
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
}
