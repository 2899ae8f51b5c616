/// <reference lib="webworker" />
import { generateDemo } from '../data/demo';
import { parseRatingsFile } from '../data/parse';
import { summarize } from '../data/summary';
import type { Dataset } from '../data/types';
import { useBackend, type BackendInfo, type BackendName } from '../model/backend';
import type { TrainConfig } from '../model/config';
import { setupRun } from '../model/run';
import type { AutoRecTrainer } from '../model/trainer';
import type { FromWorker, RunState, ToWorker } from './messages';
import { WASM_PATHS } from './wasm-paths';

declare const self: DedicatedWorkerGlobalScope;

interface Run {
  trainer: AutoRecTrainer;
  config: TrainConfig;
  playing: boolean;
  stopRequested: boolean;
}

let dataset: Dataset | undefined;
let backend: BackendInfo | undefined;
let run: Run | undefined;
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
    case 'loadDemo':
      setDataset(generateDemo());
      break;
    case 'start':
      void start(msg.config, msg.backend);
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
      if (run) {
        run.stopRequested = true;
        if (!busy) void loop();
      }
      break;
    case 'setLearningRate':
      if (run) {
        run.config = { ...run.config, learningRate: msg.value };
        run.trainer.setLearningRate(msg.value);
      }
      break;
  }
};

function setDataset(d: Dataset): void {
  if (run && busy) run.stopRequested = true;
  else endRun('stopped');
  dataset = d;
  post({ type: 'loaded', summary: summarize(d) });
}

async function load(file: File): Promise<void> {
  const result = await parseRatingsFile(file, file.name, { onProgress: (progress) => post({ type: 'progress', progress }) });
  if (result.ok) setDataset(result.value);
  else post({ type: 'loadError', error: result.error });
}

async function start(config: TrainConfig, preferred: BackendName): Promise<void> {
  if (busy || !dataset) return;
  endRun('stopped');
  busy = true;
  try {
    if (!backend || backend.name !== preferred) {
      backend = await useBackend(preferred, {
        wasmPaths: WASM_PATHS,
        deviceLost: (reason) => {
          backend = undefined;
          post({ type: 'trainError', message: `The GPU device was lost (${reason}). Pick another backend and start again.` });
        },
      });
      post({ type: 'backend', info: backend });
    }
    const { trainer, ...info } = setupRun(dataset, config, { maxBufferBytes: backend.maxBufferBytes });
    run = { trainer, config, playing: true, stopRequested: false };
    post({ type: 'started', run: info });
  } catch (err) {
    post({ type: 'trainError', message: message(err) });
  } finally {
    busy = false;
  }
  void loop();
}

/** Trains while playing (or `limit` epochs), posting each epoch; handles stop and the end of the run. */
async function loop(limit = Infinity): Promise<void> {
  if (busy || !run) return;
  busy = true;
  const r = run;
  try {
    post({ type: 'runState', state: r.playing ? 'running' : 'paused' });
    let done = 0;
    while (!r.stopRequested && r.trainer.epoch < r.config.epochs && (r.playing || done < limit)) {
      post({ type: 'epoch', stats: await r.trainer.trainEpoch() });
      done++;
    }
  } catch (err) {
    r.stopRequested = true;
    post({ type: 'trainError', message: message(err) });
  } finally {
    busy = false;
  }
  if (r.stopRequested) endRun('stopped');
  else if (r.trainer.epoch >= r.config.epochs) endRun('finished');
  else post({ type: 'runState', state: 'paused' });
}

function endRun(state: RunState): void {
  if (!run) return;
  run.trainer.dispose();
  run = undefined;
  post({ type: 'runState', state });
}
