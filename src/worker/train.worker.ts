/// <reference lib="webworker" />
import { toCsr } from '../data/csr';
import { generateDemo } from '../data/demo';
import { parseRatingsFile } from '../data/parse';
import { randomSplit } from '../data/split';
import { summarize } from '../data/summary';
import type { Dataset } from '../data/types';
import { useBackend, type BackendInfo, type BackendName } from '../model/backend';
import type { TrainConfig } from '../model/config';
import { AutoRecTrainer } from '../model/trainer';
import type { FromWorker, ToWorker } from './messages';
import { WASM_PATHS } from './wasm-paths';

declare const self: DedicatedWorkerGlobalScope;

let dataset: Dataset | undefined;
let backend: BackendInfo | undefined;
let running = false;
let stopRequested = false;

const post = (msg: FromWorker) => self.postMessage(msg);

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
      void train(msg.config, msg.backend);
      break;
    case 'stop':
      stopRequested = true;
      break;
  }
};

function setDataset(d: Dataset): void {
  dataset = d;
  post({ type: 'loaded', summary: summarize(d) });
}

async function load(file: File): Promise<void> {
  const result = await parseRatingsFile(file, file.name, { onProgress: (progress) => post({ type: 'progress', progress }) });
  if (result.ok) setDataset(result.value);
  else post({ type: 'loadError', error: result.error });
}

async function train(config: TrainConfig, preferred: BackendName): Promise<void> {
  if (running || !dataset) return;
  running = true;
  stopRequested = false;
  let trainer: AutoRecTrainer | undefined;
  try {
    if (!backend || backend.name !== preferred) {
      backend = await useBackend(preferred, {
        wasmPaths: WASM_PATHS,
        deviceLost: (reason) => post({ type: 'trainError', message: `GPU device lost (${reason})` }),
      });
      post({ type: 'backend', info: backend });
    }
    const d = dataset;
    const split = randomSplit(d.ratings, config.testRatio, config.seed);
    trainer = new AutoRecTrainer(
      {
        train: toCsr(split.train, d.numUsers, d.numItems, true),
        test: toCsr(split.test, d.numUsers, d.numItems, true),
        ratingMin: d.ratingMin,
        ratingMax: d.ratingMax,
      },
      config,
    );
    post({ type: 'started', trainRatings: split.train.ratings.length, testRatings: split.test.ratings.length });
    while (trainer.epoch < config.epochs && !stopRequested) {
      post({ type: 'epoch', stats: await trainer.trainEpoch() });
    }
    post({ type: 'done', reason: stopRequested ? 'stopped' : 'finished' });
  } catch (err) {
    post({ type: 'trainError', message: err instanceof Error ? err.message : String(err) });
  } finally {
    trainer?.dispose();
    running = false;
  }
}
