/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { generateDemo } from '../data/demo';
import { joinTestSet } from '../data/join';
import { parseRatingsFile } from '../data/parse';
import { summarize, type DatasetSummary } from '../data/summary';
import type { Dataset, RatingTriples, Split } from '../data/types';
import { chooseBackend, type BackendChoice, type BackendInfo } from '../model/backend';
import type { TrainConfig } from '../model/config';
import { recommendFor } from '../model/recommend';
import { setupRun } from '../model/run';
import type { AutoRecTrainer, Checkpoint } from '../model/trainer';
import type { FromWorker, RunState, ToWorker } from './messages';
import { WASM_PATHS } from './wasm-paths';

declare const self: DedicatedWorkerGlobalScope;

interface Run {
  trainer: AutoRecTrainer;
  split?: Split;
  dataset: Dataset;
  config: TrainConfig;
  playing: boolean;
  stopRequested: boolean;
}

let dataset: Dataset | undefined;
let testFile: { summary: NonNullable<DatasetSummary['testFile']>; test: RatingTriples } | undefined;
let backend: (BackendInfo & { choice: BackendChoice }) | undefined;
let run: Run | undefined;
/** The last run's model, kept after it ends for recommendations until the next run or new data. */
let model: { trainer: AutoRecTrainer; split: Split } | undefined;
/** A run cut short by a lost GPU: its last checkpoint, to continue on another backend. */
let lost: { checkpoint: Checkpoint; config: TrainConfig; split: Split; dataset: Dataset } | undefined;
/** Bumped when the GPU is lost: a loop of an older generation stops without touching its tensors. */
let generation = 0;
/** True while an epoch is being computed; commands that arrive meanwhile take effect after it. */
let busy = false;

const post = (msg: FromWorker) => self.postMessage(msg);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'load':
      void load(msg.file);
      break;
    case 'loadTest':
      void loadTest(msg.file);
      break;
    case 'loadDemo':
      setDataset(generateDemo());
      break;
    case 'start':
      void start(msg.config, msg.backend);
      break;
    case 'resumeOn':
      void resumeOn(msg.backend);
      break;
    case 'loseDevice':
      // Test hook: destroys the WebGPU device as a driver reset would.
      if (tf.getBackend() === 'webgpu') (tf.backend() as WebGPUBackend).device.destroy();
      break;
    case 'pause':
      if (run) run.playing = false;
      break;
    case 'resume':
      if (run) {
        run.playing = true;
        void loop();
      }
      break;
    case 'step':
      if (run && !busy) {
        run.playing = false;
        void loop(1);
      }
      break;
    case 'stop':
      if (run && busy) run.stopRequested = true;
      else endRun('stopped');
      break;
    case 'recommend':
      void recommend(msg.user);
      break;
    case 'setLearningRate':
      if (run) {
        run.config = { ...run.config, learningRate: msg.value };
        run.trainer.setLearningRate(msg.value);
      }
      break;
  }
};

function setDataset(d: Dataset, test?: typeof testFile): void {
  if (run && busy) run.stopRequested = true;
  else endRun('stopped');
  dropModel();
  dataset = d;
  testFile = test;
  post({ type: 'loaded', summary: { ...summarize(d), testFile: test?.summary } });
}

async function parse(file: File): Promise<Dataset | undefined> {
  const result = await parseRatingsFile(file, file.name, { onProgress: (progress) => post({ type: 'progress', progress }) });
  if (result.ok) return result.value;
  post({ type: 'loadError', error: result.error });
}

async function load(file: File): Promise<void> {
  const d = await parse(file);
  if (d) setDataset(d);
}

/** A second file as the test set: ids join the loaded dataset's, unseen ones are counted. */
async function loadTest(file: File): Promise<void> {
  const base = dataset;
  const t = base && (await parse(file));
  if (!base || !t) return;
  const j = joinTestSet(base, t);
  setDataset(j.dataset, {
    test: j.test,
    summary: { source: t.source, ratings: j.test.ratings.length, unseenUsers: j.unseenUsers, unseenItems: j.unseenItems },
  });
}

function chosenSplit(d: Dataset, config: TrainConfig): Split | undefined {
  if (config.split === 'random') return undefined;
  if (config.split === 'file') {
    if (!testFile) throw new Error('Load a test file first, or pick another split.');
    return { train: d.ratings, test: testFile.test };
  }
  const preset = d.presetSplits?.find((s) => s.name === config.split);
  if (!preset) throw new Error(`This dataset has no "${config.split}" split.`);
  return preset;
}

async function ensureBackend(choice: BackendChoice): Promise<BackendInfo> {
  if (backend && backend.choice === choice) return backend;
  const info = await chooseBackend(choice, { wasmPaths: WASM_PATHS, deviceLost });
  backend = { ...info, choice };
  post({ type: 'backend', info });
  return info;
}

function deviceLost(reason: string): void {
  backend = undefined;
  generation++;
  if (run) keepCheckpoint(run);
  // The lost device took the run's tensors with it: drop the references, nothing to dispose.
  run = undefined;
  model = undefined;
  busy = false;
  post({
    type: 'trainError',
    message: `The GPU device was lost (${reason}).${resumeHint() || ' Pick another backend and start again.'}`,
    resumeFrom: lost?.checkpoint.epoch,
  });
  post({ type: 'runState', state: 'stopped' });
}

/** Remembers a failing run's last checkpoint so it can continue elsewhere. */
function keepCheckpoint(r: Run): void {
  const checkpoint = r.trainer.checkpoint;
  if (checkpoint && r.split) lost = { checkpoint, config: r.config, split: r.split, dataset: r.dataset };
}

const resumeHint = () => (lost ? ` Continue from epoch ${lost.checkpoint.epoch} on another backend, or start again.` : '');

async function start(config: TrainConfig, preferred: BackendChoice): Promise<void> {
  if (busy || !dataset) return;
  endRun('stopped');
  lost = undefined;
  busy = true;
  try {
    const b = await ensureBackend(preferred);
    dropModel();
    const { trainer, split, ...info } = setupRun(dataset, config, { split: chosenSplit(dataset, config), maxBufferBytes: b.maxBufferBytes, backend: b.name });
    run = { trainer, split, dataset, config, playing: true, stopRequested: false };
    post({ type: 'started', run: info });
  } catch (err) {
    post({ type: 'trainError', message: message(err) });
  } finally {
    busy = false;
  }
  void loop();
}

/** Continues a run cut short by a lost GPU from its last checkpoint, on another backend. */
async function resumeOn(preferred: BackendChoice): Promise<void> {
  const l = lost;
  if (busy || !l || l.dataset !== dataset) return;
  lost = undefined;
  busy = true;
  try {
    const b = await ensureBackend(preferred);
    const { trainer, split, ...info } = setupRun(l.dataset, l.config, { split: l.split, maxBufferBytes: b.maxBufferBytes, backend: b.name });
    trainer.restore(l.checkpoint);
    run = { trainer, split, dataset: l.dataset, config: l.config, playing: true, stopRequested: false };
    post({ type: 'started', run: info });
  } catch (err) {
    post({ type: 'trainError', message: message(err) });
  } finally {
    busy = false;
  }
  void loop();
}

/** Trains while playing (or exactly `steps` epochs), posting each epoch; handles stop and the end of the run. */
async function loop(steps?: number): Promise<void> {
  if (busy || !run) return;
  busy = true;
  const r = run;
  const gen = generation;
  try {
    post({ type: 'runState', state: r.playing ? 'running' : 'paused' });
    let done = 0;
    while (!r.stopRequested && r.trainer.epoch < r.config.epochs && (steps === undefined ? r.playing : done < steps)) {
      const stats = await r.trainer.trainEpoch();
      if (gen !== generation) return;
      post({ type: 'epoch', stats });
      done++;
    }
  } catch (err) {
    if (gen !== generation) return;
    r.stopRequested = true;
    keepCheckpoint(r);
    post({ type: 'trainError', message: `${message(err).replace(/\.?$/, '.')}${resumeHint()}`, resumeFrom: lost?.checkpoint.epoch });
  } finally {
    if (gen === generation) busy = false;
  }
  if (r.stopRequested) endRun('stopped');
  else if (r.trainer.epoch >= r.config.epochs) endRun('finished');
  else post({ type: 'runState', state: 'paused' });
}

function endRun(state: RunState): void {
  if (!run) return;
  if (!lost && run.trainer.epoch > 0 && run.split && run.dataset === dataset) model = { trainer: run.trainer, split: run.split };
  else disposeQuietly(run.trainer);
  run = undefined;
  post({ type: 'runState', state });
}

function dropModel(): void {
  if (model) disposeQuietly(model.trainer);
  model = undefined;
}

/** A trainer whose device is gone cannot free its tensors; nothing else to do then. */
function disposeQuietly(t: AutoRecTrainer): void {
  try {
    t.dispose();
  } catch {
    // its backend was lost with the device
  }
}

async function recommend(rawUser: number): Promise<void> {
  const m = model ?? (run && !busy && run.split ? { trainer: run.trainer, split: run.split } : undefined);
  const d = dataset;
  if (!m || !d) return post({ type: 'recommendError', message: 'Train a model first (recommendations use the last run).' });
  const user = d.userIds.indexOf(rawUser);
  if (user < 0) return post({ type: 'recommendError', message: `There is no user ${rawUser} in this dataset.` });
  try {
    const { top, heldOut } = await recommendFor(m.trainer, m.split, user, 10);
    const named = (r: { item: number; predicted: number; actual?: number }) => ({
      item: d.itemIds[r.item],
      title: d.titles?.[r.item] || `item ${d.itemIds[r.item]}`,
      predicted: r.predicted,
      actual: r.actual,
    });
    post({ type: 'recommendations', result: { user: rawUser, top: top.map(named), heldOut: heldOut.map(named) } });
  } catch (err) {
    post({ type: 'recommendError', message: message(err) });
  }
}
