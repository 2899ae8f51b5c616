import { rankServing } from '../train/rank-model';
import { mostPopular } from '../data/ranking';
import type { Holdout } from '../data/holdout';
import type { Dataset } from '../data/types';
import type { BackendChoice, TrainConfig } from '../config/config';
import type { LiveChanges } from '../config/settings';
import { useKernelThreads } from '../compute/sparse';
import type { Checkpoint } from '../train/checkpoint';
import type { EpochStats } from '../train/metrics';
import { timeStepsHere } from '../train/measure';
import { finalRankingTask, setupRun, type RunSetup } from '../train/setup-run';
import type { Trainer } from '../train/trainer';
import { TrainingRun } from '../train/training-run';
import { threadsOf, type WorkerBackend } from './backend';
import type { LoadedData } from './dataset';
import { errorText } from './error-text';
import type { FromWorker, RunInfo } from './messages';
import { disposeQuietly, keptNetwork, type KeptModel, type Serving } from './serving';
import type { SetupGate } from './setup-gate';
import type { ModelViews } from './views';

/** The run in progress (a TrainingRun: its own state machine), its sets and settings, and its epochs. */
interface RunInProgress {
  run: TrainingRun;
  split: Holdout;
  dataset: Dataset;
  config: TrainConfig;
  /** Its epochs (with those of the model it continues): what a saved model carries. */
  epochs: EpochStats[];
}

/** A run cut short by a lost GPU: its last checkpoint, to continue on another backend. */
interface LostRun {
  checkpoint: Checkpoint;
  config: TrainConfig;
  split: Holdout;
  dataset: Dataset;
}

/** The other parts a run works with; `endTuning` stops a search (it and a run never train at once). */
export interface RunParts {
  data: LoadedData;
  backend: WorkerBackend;
  gate: SetupGate;
  serving: Serving;
  views: ModelViews;
  endTuning: () => Promise<void>;
}

/**
 * Training in the worker: Start (after any run or search has ended), its controls, Continue of the kept model,
 * and a lost GPU (the run's checkpoint kept, to resume on another backend). A run that ends leaves its kept
 * model to ./serving.ts.
 */
export class Training {
  private live?: RunInProgress;
  private lost?: LostRun;
  /** Whether epochs measure the ranking at 10 (the page's chart shows NDCG@10): every run from now, the live one from its next epoch. */
  private ranking = false;
  /** Whether epochs measure train RMSE over every training rating (the epoch table's switch): off, the steps give it where dropout is 0. */
  private measureTrain = false;
  /** Live settings moved while a run was being set up (the backend starting): it takes them as it begins. */
  private pending: LiveChanges = {};

  constructor(
    private readonly post: (msg: FromWorker) => void,
    private readonly parts: RunParts,
  ) {}

  async start(config: TrainConfig, preferred: BackendChoice, measure = false): Promise<void> {
    const { data, backend, gate } = this.parts;
    if (gate.busy || !data.dataset) return;
    gate.busy = true;
    gate.cancelled = false;
    this.pending = {};
    try {
      await this.end();
      await this.parts.endTuning();
      this.lost = undefined;
      const dataset = data.dataset;
      const split = data.chosenSplit(dataset, config);
      const threads = threadsOf(config);
      // 'auto' on a hardware adapter times this run's own training steps on webgpu and on wasm (on its threads)
      const timeSteps = async () => {
        await useKernelThreads(threads, backend.options.spawn);
        return timeStepsHere((name) => setupRun(dataset, config, { split, backend: name }).trainer);
      };
      const b = await backend.ensure(preferred, timeSteps, measure, threads);
      await backend.useThreads(threads);
      this.parts.serving.drop();
      const setup = setupRun(dataset, config, { split, maxBufferBytes: b.maxBufferBytes, backend: b.name });
      this.begin(setup, dataset, config);
    } catch (err) {
      this.post({ type: 'trainError', message: errorText(err) });
    } finally {
      gate.busy = false;
    }
  }

  /** Continues a run cut short by a lost GPU from its last checkpoint, on another backend. */
  async resumeOn(preferred: BackendChoice): Promise<void> {
    const { data, backend, gate } = this.parts;
    const l = this.lost;
    if (gate.busy || !l || l.dataset !== data.dataset) return;
    gate.busy = true;
    gate.cancelled = false;
    this.lost = undefined;
    try {
      const threads = threadsOf(l.config);
      const b = await backend.ensure(preferred, undefined, false, threads);
      await backend.useThreads(threads);
      const setup = setupRun(l.dataset, l.config, { split: l.split, maxBufferBytes: b.maxBufferBytes, backend: b.name });
      setup.trainer.restore(l.checkpoint);
      this.begin(setup, l.dataset, l.config);
    } catch (err) {
      this.post({ type: 'trainError', message: errorText(err) });
    } finally {
      gate.busy = false;
    }
  }

  pause(): void {
    this.live?.run.pause();
  }

  resume(): void {
    this.live?.run.play();
  }

  step(): void {
    this.live?.run.step();
  }

  /** Stop (or new data): the run ends at its next batch, and a run being set up as soon as it exists. */
  stop(): void {
    this.parts.gate.cancel();
    this.live?.run.stop();
  }

  trainRmse(on: boolean): void {
    this.measureTrain = on;
    this.live?.run.trainer.setTrainRmse(on);
  }

  rankEpochs(on: boolean): void {
    this.ranking = on;
    this.live?.run.trainer.setRanking(on);
  }

  /** Live settings: the run takes them at its next batch, and the run's config (a saved model's) holds them from now. */
  setLive(changes: LiveChanges): void {
    if (!this.live) {
      if (this.parts.gate.busy) this.pending = { ...this.pending, ...changes };
      return;
    }
    this.live.config = { ...this.live.config, ...changes };
    this.live.run.setLive(changes);
  }

  /** Trains the kept model (an opened file's, or the last run's) `more` epochs further, from where it stopped. */
  async continueModel(more: number): Promise<void> {
    const { data, gate, serving } = this.parts;
    const m = serving.model;
    const trainer = m?.trainer; // a blend cannot be trained further
    if (gate.busy || !m || !trainer || !data.dataset || m.dataset !== data.dataset) return;
    serving.release();
    gate.cancelled = false;
    const config = { ...m.config, epochs: trainer.epoch + Math.max(1, Math.floor(more)) };
    const live: RunInProgress = { run: undefined as unknown as TrainingRun, split: m.split, dataset: m.dataset, config, epochs: [...m.epochs] };
    this.startRun(live, trainer);
  }

  /** The WebGPU device is gone, and the run's tensors with it: keep its checkpoint, drop the references. */
  deviceLost(reason: string): void {
    if (this.live) {
      this.keepCheckpoint(this.live);
      this.live.run.abandon();
    }
    this.live = undefined;
    this.parts.serving.release();
    this.post({
      type: 'trainError',
      message: `The GPU device was lost (${reason}).${this.resumeHint() || ' Pick another backend and start again.'}`,
      resumeFrom: this.lost?.checkpoint.epoch,
    });
    this.post({ type: 'runState', state: 'stopped' });
  }

  /** New data: a lost run's checkpoint is of the old data. */
  forgetLost(): void {
    this.lost = undefined;
  }

  /** The live run's model once it has an epoch (recommendations and saving use it while no model is kept). */
  liveModel(): KeptModel | undefined {
    const l = this.live;
    return l && l.run.trainer.epoch > 0 ? keptNetwork(l.run.trainer, { split: l.split, config: l.config, dataset: l.dataset, epochs: l.epochs }) : undefined;
  }

  /** Stops the live run, if any, and waits until it has ended. */
  async end(): Promise<void> {
    const l = this.live;
    if (!l) return;
    l.run.stop();
    await l.run.done;
  }

  private begin(setup: RunSetup, dataset: Dataset, config: TrainConfig): void {
    const { trainer, split, ...info } = setup;
    const live: RunInProgress = { run: undefined as unknown as TrainingRun, split, dataset, config, epochs: [] };
    this.startRun(live, trainer, info);
  }

  private startRun(live: RunInProgress, trainer: Trainer, info?: RunInfo): void {
    const config = live.config;
    const views = this.parts.views;
    views.restart();
    live.run = new TrainingRun(trainer, config, {
      epoch: (stats) => {
        live.epochs.push(stats);
        this.post({ type: 'epoch', stats });
        return views.afterEpoch(stats, trainer, config, live.dataset);
      },
      state: (state, detail) => {
        if (state === 'finished' || state === 'stopped') this.ended(live);
        this.post({ type: 'runState', state, ...detail });
      },
      error: (err) => {
        this.keepCheckpoint(live);
        this.post({ type: 'trainError', message: `${errorText(err).replace(/\.?$/, '.')}${this.resumeHint()}`, resumeFrom: this.lost?.checkpoint.epoch });
      },
    });
    this.live = live;
    trainer.setRanking(this.ranking);
    trainer.setTrainRmse(this.measureTrain);
    if (info) this.post({ type: 'started', run: info satisfies RunInfo });
    if (Object.keys(this.pending).length > 0) this.setLive(this.pending);
    this.pending = {};
    live.run.play();
    if (this.parts.gate.cancelled) live.run.stop();
  }

  /** A run that ends leaves its kept model for recommendations, unless the data changed under it or it kept nothing. */
  private ended(l: RunInProgress): void {
    if (this.live === l) this.live = undefined;
    const trainer = l.run.trainer;
    if (!this.lost && trainer.selection.epoch > 0 && l.dataset === this.parts.data.dataset) {
      this.parts.serving.keep(keptNetwork(trainer, { split: l.split, config: l.config, dataset: l.dataset, epochs: l.epochs }));
      void this.parts.views.show(trainer, l.dataset).then(() => this.rankKept(trainer, l)); // the kept epoch's map, whatever the last epoch was
    } else disposeQuietly(trainer);
  }

  /**
   * The kept model's precision, recall and NDCG at 10 on every ranked test user (as the commands report at a run's
   * end: finalRankingTask, rankServing), beside the most popular items' on the same users: once, after the run.
   */
  private async rankKept(trainer: Trainer, l: RunInProgress): Promise<void> {
    if (this.parts.serving.model?.trainer !== trainer || l.split.test.ratings.length === 0) return;
    try {
      const task = finalRankingTask(l.split, l.dataset, l.config.splitSeed);
      if (task.users.length === 0) return;
      const kept = await rankServing(trainer, task);
      if (this.parts.serving.model?.trainer !== trainer) return; // another run or data meanwhile
      this.post({ type: 'keptRanking', epoch: trainer.selection.epoch, kept, popular: mostPopular(task, l.split.train) });
    } catch {
      // a figure after the run: a model freed meanwhile (new data, another run) takes it along
    }
  }

  /** Remembers a failing run's last checkpoint so it can continue elsewhere. */
  private keepCheckpoint(l: RunInProgress): void {
    const checkpoint = l.run.trainer.checkpoint;
    if (checkpoint) this.lost = { checkpoint, config: l.config, split: l.split, dataset: l.dataset };
  }

  private resumeHint(): string {
    return this.lost ? ` Continue from epoch ${this.lost.checkpoint.epoch} on another backend, or start again.` : '';
  }
}
