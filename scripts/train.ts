// Headless training: the same src/data + src/model code as the app, in Node on the tfjs cpu or wasm backend.
import { joinTestSet } from '../src/data/join';
import type { Split } from '../src/data/types';
import { useBackend } from '../src/model/backend';
import { ACTIVATIONS, COMPUTES, OPTIMIZERS, type BackendName, type TrainConfig } from '../src/model/config';
import { PRESETS } from '../src/model/presets';
import { setupRun } from '../src/model/run';
import { fail, parseArgs } from './args';
import { loadDataset } from './load';

const USAGE = `usage: npm run train -- <ratings file or GroupLens zip> [--test <file> | --split u1..u5|ua|ub]
  [--preset ${Object.keys(PRESETS).join('|')}]
  [--variant I|U] [--hidden N] [--extra-layers N] [--encoder ${ACTIVATIONS.join('|')}] [--decoder ...]
  [--dropout X] [--l2 X] [--optimizer ${OPTIMIZERS.join('|')}] [--lr X] [--batch N] [--epochs N]
  [--seed N] [--test-ratio X] [--compute auto|dense|sparse] [--backend wasm|cpu] [--json]`;

const { positional, flags } = parseArgs(process.argv.slice(2));
if (positional.length !== 1 || flags.has('help')) fail(USAGE);

const preset = PRESETS[flags.get('preset') ?? 'd2l'] ?? fail(`unknown preset: ${flags.get('preset')}`);
const num = (key: string, fallback: number) => {
  const v = flags.get(key);
  if (v === undefined) return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? n : fail(`--${key} needs a number, got ${v}`);
};
const oneOf = <T extends string>(key: string, options: readonly T[], fallback: T): T => {
  const v = flags.get(key) ?? fallback;
  return (options as readonly string[]).includes(v) ? (v as T) : fail(`--${key} must be one of ${options.join(', ')}`);
};
const p = preset.config;
const config: TrainConfig = {
  variant: oneOf('variant', ['I', 'U'], p.variant),
  hidden: num('hidden', p.hidden),
  extraLayers: num('extra-layers', p.extraLayers),
  encoder: oneOf('encoder', ACTIVATIONS, p.encoder),
  decoder: oneOf('decoder', ACTIVATIONS, p.decoder),
  dropout: num('dropout', p.dropout),
  l2: num('l2', p.l2),
  optimizer: oneOf('optimizer', OPTIMIZERS, p.optimizer),
  compute: oneOf('compute', COMPUTES, p.compute),
  learningRate: num('lr', p.learningRate),
  batchSize: num('batch', p.batchSize),
  epochs: num('epochs', p.epochs),
  seed: num('seed', p.seed),
  split: flags.get('split') ?? (flags.has('test') ? 'file' : 'random'),
  testRatio: num('test-ratio', p.testRatio),
};
const backendName = oneOf<BackendName>('backend', ['wasm', 'cpu'], 'wasm');
const json = flags.has('json');
const log = (obj: object, text: string) => process.stdout.write(`${json ? JSON.stringify(obj) : text}\n`);

let dataset = await loadDataset(positional[0]);
let split: Split | undefined;
const testPath = flags.get('test');
if (testPath) {
  const joined = joinTestSet(dataset, await loadDataset(testPath));
  dataset = joined.dataset;
  split = { train: dataset.ratings, test: joined.test };
} else if (config.split !== 'random') {
  split = dataset.presetSplits?.find((s) => s.name === config.split) ?? fail(`${positional[0]} has no "${config.split}" split`);
}
const backend = await useBackend(backendName);
const { trainer, trainRatings, testRatings, unseenTest, compute, computeReason } = setupRun(dataset, config, { split, backend: backend.name });
log(
  { setup: true, backend: backend.name, compute, computeReason, format: dataset.format, users: dataset.numUsers, items: dataset.numItems, trainRatings, testRatings, unseenTest, config },
  `${dataset.format}: ${dataset.numUsers} users x ${dataset.numItems} items; train ${trainRatings}, test ${testRatings} (${unseenTest} unseen); backend ${backend.name}, ${compute} compute (${computeReason})`,
);
const started = performance.now();
const times: number[] = [];
let last;
for (let e = 0; e < config.epochs; e++) {
  const s = await trainer.trainEpoch();
  times.push(s.ms);
  last = s;
  const { epoch, trainLoss, trainRmse, testRmse, testMae, ms, tensorBytes, wasmHeapBytes } = s;
  log(
    { epoch, trainLoss, trainRmse, testRmse, testMae, ms: Math.round(ms), tensorBytes, wasmHeapBytes, rssBytes: process.memoryUsage.rss() },
    `epoch ${String(epoch).padStart(3)}  train loss ${trainLoss.toFixed(4)}  train RMSE ${trainRmse.toFixed(4)}  test RMSE ${testRmse.toFixed(4)}  MAE ${testMae.toFixed(4)}  ${Math.round(ms)} ms`,
  );
}
trainer.dispose();
if (last) {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  log(
    {
      summary: true,
      epochs: last.epoch,
      finalTestRmse: last.testRmse,
      finalTestMae: last.testMae,
      bestTestRmse: last.bestTestRmse,
      bestEpoch: last.bestEpoch,
      msPerEpochMedian: Math.round(median),
      totalMs: Math.round(performance.now() - started),
    },
    `final test RMSE ${last.testRmse.toFixed(4)}, best ${last.bestTestRmse.toFixed(4)} at epoch ${last.bestEpoch}; median ${Math.round(median)} ms/epoch`,
  );
}
