import { generateDemo } from '../data/demo';
import { removeOverlap, untrainable, type Holdout } from '../data/holdout';
import { readFiles } from '../data/read/files';
import { joinTestSet, type JoinedTestSet } from '../data/join';
import { parseRatingsFile } from '../data/read/parse';
import { summarize, type DatasetSummary } from '../data/summary';
import type { Dataset, RatingTriples, Split } from '../data/types';
import { assumedBackend, chooseBackend, type BackendChoice, type BackendInfo, type StepTimer } from '../compute/backend';
import { threadsFor, type TrainConfig } from '../config/config';
import type { SpawnHelper } from '../compute/wasm/threads';
import { timeStepsHere } from '../train/measure';
import { planRun } from '../train/plan';
import { decodeModel, encodeModel } from '../serve/model-file';
import { CSV_HEADER, csvRows, topNForAllUsers } from '../serve/recommend-all';
import { recommendNamed, titleOf } from '../serve/recommend-named';
import { itemCounts, itemInfo, ModelViewer, viewDue } from '../serve/model-view';
import { defaultMinRatings } from '../serve/recommend';
import { captureModel, openModel } from '../serve/saved-model';
import { setupRun } from '../train/setup-run';
import { useKernelThreads } from '../compute/sparse';
import type { Checkpoint } from '../train/checkpoint';
import type { EpochStats } from '../train/metrics';
import type { Trainer } from '../train/trainer';
import { TrainingRun, yieldToEventLoop } from '../train/training-run';
import type { Tuner } from '../tune/tuner';
import type { TuneOptions } from '../config/tune-options';
import type { SpaceJson } from '../config/tune-space';
import type { FromWorker, RunInfo } from './messages';
import { startTune } from './tune-session';

interface LiveRun {
  run: TrainingRun;
  split: Holdout;
  dataset: Dataset;
  config: TrainConfig;
  /** Its epochs (with those of the model it continues): what a saved model carries. */
  epochs: EpochStats[];
}

/** A kept model: its trainer and sets, and what saving it needs. */
interface KeptModel {
  trainer: Trainer;
  split: Holdout;
  config: TrainConfig;
  dataset: Dataset;
  epochs: EpochStats[];
}

/** Views during a run at most this often (each is a pass over every item, a PCA and a render on the page). */
const VIEW_EVERY_MS = 1000;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * What the training worker holds, and every transition of it: the dataset (and a second test file),
 * the backend, the live run (a TrainingRun: its own state machine), the model kept after a run for
 * recommendations, and a lost GPU's checkpoint. The worker file only routes messages here.
 */
export class Session {
  private dataset?: Dataset;
  private testFile?: { summary: NonNullable<DatasetSummary['testFile']>; test: RatingTriples };
  private backend?: BackendInfo & { choice: BackendChoice };
  private live?: LiveRun;
  /** The last run's kept model, after it ends, for recommendations until the next run or new data. */
  private model?: KeptModel;
  /** A run cut short by a lost GPU: its last checkpoint, to continue on another backend. */
  private lost?: { checkpoint: Checkpoint; config: TrainConfig; split: Holdout; dataset: Dataset };
  /** True while a run is being set up (the backend starts asynchronously): a second Start waits its turn. */
  private starting = false;
  /** Stop (or new data) while a run is being set up: it ends as soon as it exists. */
  private cancelStart = false;
  /** The item map and network view of the kept model, and the dataset whose item titles the page has. */
  private readonly viewer = new ModelViewer();
  private viewInfoFor?: Dataset;
  private viewAgain?: { trainer: Trainer; d: Dataset };
  /** When the last view during a run was made: at most one a second (the end of a run and an opened model always get one). */
  private lastViewAt = -Infinity;
  /** A search in progress (src/tune); it and a run never train at once. */
  private tuning?: Tuner;

  constructor(
    private readonly post: (msg: FromWorker) => void,
    private readonly backendOptions: { wasmPaths?: Record<string, string>; spawn?: SpawnHelper } = {},
  ) {}

  /** One file: ratings or an archive (or titles for the loaded ratings), as loadFiles. */
  async load(file: File): Promise<void> {
    return this.loadFiles([file]);
  }

  /**
   * Files dropped or chosen together, recognised by content (src/data/read/files.ts): the ratings, with
   * titles and a test file when given; titles alone attach to the loaded data and keep its test file.
   */
  async loadFiles(files: File[]): Promise<void> {
    const read = await readFiles(
      files.map((f) => ({ name: f.name, blob: f })),
      this.dataset,
      { onProgress: (progress) => this.post({ type: 'progress', progress }) },
    );
    if (!read.ok) return this.post({ type: 'loadError', error: read.error });
    const { dataset: d, test, titlesOnly } = read.value;
    if (titlesOnly) return this.setDataset(d, this.testFile);
    const why = untrainable(d);
    if (why) return this.post({ type: 'loadError', error: { message: why, source: d.source } });
    this.setDataset(d, test && testFileOf(test));
  }

  loadDemo(): void {
    this.setDataset(generateDemo());
  }

  /** A second file as the test set: ids join the loaded dataset's, unseen ones and pairs also in the ratings are counted. */
  async loadTest(file: File): Promise<void> {
    const base = this.dataset;
    const t = base && (await this.parse(file));
    if (!base || !t) return;
    const j = joinTestSet(base, t);
    this.setDataset(j.dataset, testFileOf({ ...j, source: t.source }));
  }

  async start(config: TrainConfig, preferred: BackendChoice, measure = false): Promise<void> {
    if (this.starting || !this.dataset) return;
    this.starting = true;
    this.cancelStart = false;
    try {
      await this.endLive();
      await this.endTuning();
      this.lost = undefined;
      const dataset = this.dataset;
      const split = this.chosenSplit(dataset, config);
      const threads = this.threadsFor(config);
      // 'auto' on a hardware adapter times this run's own training steps on webgpu and on wasm (on its threads)
      const timeSteps = async () => {
        await useKernelThreads(threads, this.backendOptions.spawn);
        return timeStepsHere((backend) => setupRun(dataset, config, { split, backend }).trainer);
      };
      const b = await this.ensureBackend(preferred, timeSteps, measure, threads);
      await this.useThreads(threads);
      this.dropModel();
      const setup = setupRun(dataset, config, { split, maxBufferBytes: b.maxBufferBytes, backend: b.name });
      this.begin(setup, dataset, config);
    } catch (err) {
      this.post({ type: 'trainError', message: message(err) });
    } finally {
      this.starting = false;
    }
  }

  /** Tune: stops any run, then searches (or trains a recipe's members) on the loaded data (the split of `base`), one trial after another. */
  async tune(base: TrainConfig, space: SpaceJson, options: TuneOptions, preferred: BackendChoice, recipe?: string): Promise<void> {
    if (this.starting || !this.dataset || this.tuning) return;
    this.starting = true;
    try {
      await this.endLive();
      const dataset = this.dataset;
      const split = this.chosenSplit(dataset, base);
      const b = await this.ensureBackend(preferred, undefined, false, this.threadsFor(base));
      await this.useThreads(this.threadsFor(base));
      const tuner = startTune(dataset, base, space, options, { split, backend: b, recipe }, (event) => this.post({ type: 'tune', event }), () => {
        if (this.tuning === tuner) this.tuning = undefined;
      });
      this.tuning = tuner;
    } catch (err) {
      this.post({ type: 'tune', event: { kind: 'error', message: message(err) } });
      this.post({ type: 'tune', event: { kind: 'state', state: 'stopped' } });
    } finally {
      this.starting = false;
    }
  }

  tuneControl(action: 'pause' | 'resume' | 'stop'): void {
    if (action === 'pause') this.tuning?.pause();
    else if (action === 'resume') this.tuning?.play();
    else this.tuning?.stop();
  }

  /** Continues a run cut short by a lost GPU from its last checkpoint, on another backend. */
  async resumeOn(preferred: BackendChoice): Promise<void> {
    const l = this.lost;
    if (this.starting || !l || l.dataset !== this.dataset) return;
    this.starting = true;
    this.cancelStart = false;
    this.lost = undefined;
    try {
      const threads = this.threadsFor(l.config);
      const b = await this.ensureBackend(preferred, undefined, false, threads);
      await this.useThreads(threads);
      const setup = setupRun(l.dataset, l.config, { split: l.split, maxBufferBytes: b.maxBufferBytes, backend: b.name });
      setup.trainer.restore(l.checkpoint);
      this.begin(setup, l.dataset, l.config);
    } catch (err) {
      this.post({ type: 'trainError', message: message(err) });
    } finally {
      this.starting = false;
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

  stop(): void {
    if (this.starting) this.cancelStart = true;
    this.live?.run.stop();
  }

  setLearningRate(value: number): void {
    if (!this.live) return;
    this.live.config = { ...this.live.config, learningRate: value };
    this.live.run.setLearningRate(value);
  }

  /**
   * What a run with these settings would need, before Start (src/train/plan.ts: no split, no matrices): on the
   * backend running for this choice or, before one has started, on the one it would start, which the plan
   * names as assumed (the WebGPU adapter is asked; nothing is started).
   */
  async plan(id: number, config: TrainConfig, choice: BackendChoice): Promise<void> {
    const d = this.dataset;
    if (!d) return;
    const running = this.backend && (this.backend.choice === choice || this.backend.name === choice) ? this.backend : undefined;
    const b = running ? { name: running.name, maxBufferBytes: running.maxBufferBytes, assumed: undefined } : await assumedBackend(choice);
    if (d !== this.dataset) return; // new data meanwhile: its own plan follows
    const preset = d.presetSplits?.find((s) => s.name === config.split);
    const plan = planRun({ numUsers: d.numUsers, numItems: d.numItems, ratings: preset?.train ?? d.ratings }, config, { backend: b.name, maxBufferBytes: b.maxBufferBytes });
    this.post({ type: 'plan', id, plan: { ...plan, assumed: b.assumed } });
  }

  /** The WebGPU device is gone, and the run's tensors with it: keep its checkpoint, drop the references. */
  deviceLost(reason: string): void {
    this.backend = undefined;
    if (this.live) {
      this.keepCheckpoint(this.live);
      this.live.run.abandon();
    }
    this.live = undefined;
    this.model = undefined;
    this.post({
      type: 'trainError',
      message: `The GPU device was lost (${reason}).${this.resumeHint() || ' Pick another backend and start again.'}`,
      resumeFrom: this.lost?.checkpoint.epoch,
    });
    this.post({ type: 'runState', state: 'stopped' });
  }

  async recommend(rawUser: number, minRatings?: number): Promise<void> {
    const m = this.servingModel();
    const d = this.dataset;
    if (!m || !d) return this.post({ type: 'recommendError', message: 'Train a model first (recommendations use the kept epoch of the last run).' });
    try {
      const r = await recommendNamed(m.trainer, m.split, d, rawUser, 10, minRatings);
      this.post(r.ok ? { type: 'recommendations', result: r.result } : { type: 'recommendError', message: r.error });
    } catch (err) {
      this.post({ type: 'recommendError', message: message(err) });
    }
  }

  /** The model recommendations and saving use: the last run's kept one, or the live run's once it has an epoch. */
  private servingModel(): KeptModel | undefined {
    const l = this.live;
    return this.model ?? (l && l.run.trainer.epoch > 0 ? { trainer: l.run.trainer, split: l.split, config: l.config, dataset: l.dataset, epochs: l.epochs } : undefined);
  }

  /** The kept model's item map and network statistics (skipped while one is being made); item titles once per dataset. */
  private async postView(trainer: Trainer, d: Dataset): Promise<void> {
    try {
      const view = await this.viewer.view(trainer);
      if (!view) {
        this.viewAgain = { trainer, d }; // one is being made: this one follows it
        return;
      }
      const again = this.viewAgain;
      this.viewAgain = undefined;
      if (again) void this.postView(again.trainer, again.d);
      if (d !== this.dataset) return;
      const info = this.viewInfoFor === d ? undefined : itemInfo(d, trainer);
      this.viewInfoFor = d;
      this.post({ type: 'modelView', view, ...(info && { info }) });
    } catch {
      // a view is best-effort: a run that ends (or a device that is lost) while it is made takes it along
    }
  }

  /** "People who liked this also liked": the items nearest `item` on the last map, among those with enough training ratings. */
  async neighbours(item: number): Promise<void> {
    const m = this.servingModel();
    const d = this.dataset;
    if (!m || !d) return;
    const counts = itemCounts(m.trainer);
    const min = defaultMinRatings(counts);
    try {
      const near = await this.viewer.neighbours(m.trainer, item, 10, (i) => counts[i] >= min);
      if (!near) return;
      this.post({ type: 'neighbours', item, minRatings: min, list: near.map((n) => ({ item: n.item, title: titleOf(d, n.item), similarity: n.similarity, ratings: counts[n.item] })) });
    } catch {
      // the model went away meanwhile
    }
  }

  /** Every user's top n as one CSV file, computed in blocks of users with a progress message per block. */
  async exportAll(n: number, minRatings?: number): Promise<void> {
    const m = this.servingModel();
    if (!m) return this.post({ type: 'exportError', message: 'Train a model first: there is nothing to recommend from yet.' });
    const started = performance.now();
    const parts: string[] = [CSV_HEADER];
    let users = 0;
    try {
      for await (const b of topNForAllUsers(m.trainer, m.split, { n, minRatings })) {
        parts.push(csvRows(b, m.dataset));
        users += b.users.length;
        this.post({ type: 'exportProgress', done: b.done, total: b.total });
        await yieldToEventLoop();
      }
    } catch (err) {
      return this.post({ type: 'exportError', message: `The export failed: ${message(err)}` });
    }
    const file = new Blob(parts, { type: 'text/csv' });
    this.post({ type: 'exportFile', name: `autorec-top${n}-all-users.csv`, file, users, ms: Math.round(performance.now() - started) });
  }

  /** The model as one file (src/serve/model-file.ts): posted as bytes for the page to download and keep. */
  async saveModel(): Promise<void> {
    const m = this.servingModel();
    if (!m) return this.post({ type: 'modelError', message: 'Train a model first: there is nothing to save yet.' });
    try {
      const bytes = encodeModel(await captureModel(m));
      const base = m.dataset.source.replace(/ \(model file.*$/, '').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '-');
      const name = `autorec-${m.config.variant}-${base}-epoch${m.trainer.epoch}.zip`;
      this.post({ type: 'modelFile', name, bytes, epoch: m.trainer.epoch });
    } catch (err) {
      this.post({ type: 'modelError', message: `Saving failed: ${message(err)}` });
    }
  }

  /**
   * Opens a model file on the chosen backend: its data (id maps, titles, the three sets) replaces the loaded
   * data and its kept weights serve recommendations at once. A bad file changes nothing.
   */
  async openModelFile(file: Blob, name: string, preferred: BackendChoice): Promise<void> {
    if (this.starting) return;
    const opened = decodeModel(new Uint8Array(await file.arrayBuffer()), name);
    if (!opened.ok) return this.post({ type: 'modelError', message: opened.error });
    this.starting = true;
    try {
      const b = await this.ensureBackend(preferred);
      await this.useThreads(this.threadsFor(opened.model.config));
      const m = await openModel(opened.model, b.name, name);
      await this.endLive();
      this.setDataset(m.dataset);
      this.cancelStart = false; // the data it replaced had no run being set up: this is that very transition
      this.model = { trainer: m.trainer, split: m.split, config: m.config, dataset: m.dataset, epochs: opened.model.epochs };
      const s = opened.model.state;
      this.post({ type: 'modelOpened', name, config: m.config, epochs: opened.model.epochs, trained: s.epoch, keptEpoch: s.selected.epoch });
      void this.postView(m.trainer, m.dataset);
    } catch (err) {
      this.post({ type: 'modelError', message: `${name}: ${message(err)}` });
    } finally {
      this.starting = false;
    }
  }

  /** Trains the kept model (an opened file's, or the last run's) `more` epochs further, from where it stopped. */
  async continueModel(more: number): Promise<void> {
    const m = this.model;
    if (this.starting || !m || !this.dataset || m.dataset !== this.dataset) return;
    this.model = undefined;
    this.cancelStart = false;
    const config = { ...m.config, epochs: m.trainer.epoch + Math.max(1, Math.floor(more)) };
    const live: LiveRun = { run: undefined as unknown as TrainingRun, split: m.split, dataset: m.dataset, config, epochs: [...m.epochs] };
    this.startRun(live, m.trainer);
  }

  private begin(setup: ReturnType<typeof setupRun>, dataset: Dataset, config: TrainConfig): void {
    const { trainer, split, ...info } = setup;
    const live: LiveRun = { run: undefined as unknown as TrainingRun, split, dataset, config, epochs: [] };
    this.startRun(live, trainer, info);
  }

  private startRun(live: LiveRun, trainer: Trainer, info?: RunInfo): void {
    const config = live.config;
    this.lastViewAt = -Infinity;
    live.run = new TrainingRun(trainer, config, {
      epoch: (stats) => {
        live.epochs.push(stats);
        this.post({ type: 'epoch', stats });
        const byItem = config.variant === 'I';
        const now = performance.now();
        if (viewDue(stats.epoch, byItem ? trainer.trainData.train.rows : trainer.trainData.train.cols, config.hidden) && now - this.lastViewAt >= VIEW_EVERY_MS) {
          this.lastViewAt = now;
          return this.postView(trainer, live.dataset); // the next epoch waits for it: no view tensor lives into it
        }
      },
      state: (state, detail) => {
        if (state === 'finished' || state === 'stopped') this.ended(live);
        this.post({ type: 'runState', state, ...detail });
      },
      error: (err) => {
        this.keepCheckpoint(live);
        this.post({ type: 'trainError', message: `${message(err).replace(/\.?$/, '.')}${this.resumeHint()}`, resumeFrom: this.lost?.checkpoint.epoch });
      },
    });
    this.live = live;
    if (info) this.post({ type: 'started', run: info satisfies RunInfo });
    live.run.play();
    if (this.cancelStart) live.run.stop();
  }

  /** A run that ends leaves its kept model for recommendations, unless the data changed under it or it kept nothing. */
  private ended(l: LiveRun): void {
    if (this.live === l) this.live = undefined;
    const trainer = l.run.trainer;
    if (!this.lost && trainer.selection.epoch > 0 && l.dataset === this.dataset) {
      this.dropModel();
      this.model = { trainer, split: l.split, config: l.config, dataset: l.dataset, epochs: l.epochs };
      void this.postView(trainer, l.dataset); // the kept epoch's map, whatever the last epoch was
    } else disposeQuietly(trainer);
  }

  /** Stops a search in progress, if any, and waits until it has ended. */
  private async endTuning(): Promise<void> {
    const t = this.tuning;
    if (!t) return;
    t.stop();
    await t.done;
  }

  /** Stops the live run, if any, and waits until it has ended. */
  private async endLive(): Promise<void> {
    const l = this.live;
    if (!l) return;
    l.run.stop();
    await l.run.done;
  }

  private setDataset(d: Dataset, test?: Session['testFile']): void {
    if (this.starting) this.cancelStart = true;
    this.live?.run.stop(); // it ends at its next batch; its model is dropped, the data it knew is gone
    this.tuning?.stop(); // a search ends too (it still reports on the data it searched)
    this.dropModel();
    this.lost = undefined;
    this.dataset = d;
    this.testFile = test;
    this.post({ type: 'loaded', summary: { ...summarize(d), testFile: test?.summary } });
  }

  private async parse(file: File): Promise<Dataset | undefined> {
    const result = await parseRatingsFile(file, file.name, { onProgress: (progress) => this.post({ type: 'progress', progress }) });
    if (result.ok) return result.value;
    this.post({ type: 'loadError', error: result.error });
  }

  private chosenSplit(d: Dataset, config: TrainConfig): Split | undefined {
    if (config.split === 'random') return undefined;
    if (config.split === 'file') {
      if (!this.testFile) throw new Error('Load a test file first, or pick another split.');
      return { train: d.ratings, test: this.testFile.test };
    }
    const preset = d.presetSplits?.find((s) => s.name === config.split);
    if (!preset) throw new Error(`This dataset has no "${config.split}" split.`);
    return preset;
  }

  private async ensureBackend(choice: BackendChoice, timeSteps?: StepTimer, measure = false, threads?: number): Promise<BackendInfo> {
    if (this.backend && this.backend.choice === choice) return this.backend;
    const info = await chooseBackend(choice, { ...this.backendOptions, wasmThreads: threads, deviceLost: (reason) => this.deviceLost(reason) }, timeSteps, measure);
    this.backend = { ...info, choice };
    this.post({ type: 'backend', info });
    return info;
  }

  /** The CPU threads a run with `config` asks for (its setting, or every core the browser offers). */
  private threadsFor(config: Pick<TrainConfig, 'threads'>): number {
    return threadsFor(config.threads ?? 0, typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency);
  }

  /** The sparse kernels of the backend in use on `threads` CPU threads (or fewer, with why), said in the badge. */
  private async useThreads(threads: number): Promise<void> {
    if (!this.backend) return;
    const info = await useKernelThreads(threads, this.backendOptions.spawn);
    const before = this.backend.threads;
    if (info?.threads === before?.threads && info?.requested === before?.requested && info?.note === before?.note) return;
    const { choice, ...rest } = this.backend;
    this.backend = { ...rest, threads: info, choice };
    this.post({ type: 'backend', info: { ...rest, threads: info } });
  }

  /** Remembers a failing run's last checkpoint so it can continue elsewhere. */
  private keepCheckpoint(l: LiveRun): void {
    const checkpoint = l.run.trainer.checkpoint;
    if (checkpoint) this.lost = { checkpoint, config: l.config, split: l.split, dataset: l.dataset };
  }

  private resumeHint(): string {
    return this.lost ? ` Continue from epoch ${this.lost.checkpoint.epoch} on another backend, or start again.` : '';
  }

  private dropModel(): void {
    if (this.model) disposeQuietly(this.model.trainer);
    this.model = undefined;
  }
}

/** A second file as the test set, as the session keeps it: its ratings, and what the panel says of it. */
function testFileOf(j: JoinedTestSet & { source: string }): { summary: NonNullable<DatasetSummary['testFile']>; test: RatingTriples } {
  const overlap = removeOverlap(j.dataset.ratings, j.test, j.dataset.numUsers).removed;
  return { test: j.test, summary: { source: j.source, ratings: j.test.ratings.length, unseenUsers: j.unseenUsers, unseenItems: j.unseenItems, overlap } };
}

/** A trainer whose device is gone cannot free its tensors; nothing else to do then. */
function disposeQuietly(t: Trainer): void {
  try {
    t.dispose();
  } catch {
    // its backend was lost with the device
  }
}
