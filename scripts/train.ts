// Headless training: the same src/data + src/model code as the app (setupRun, TrainingRun), in Node on the
// tfjs cpu or wasm backend.
import { joinTestSet } from '../src/data/join';
import { untrainable } from '../src/data/holdout';
import type { Split } from '../src/data/types';
import { useBackend } from '../src/model/backend';
import { threadsFor, type BackendName } from '../src/model/config';
import { PRESETS } from '../src/model/presets';
import { setupRun } from '../src/model/run';
import { useKernelThreads } from '../src/model/sparse';
import { SETTINGS, SETTING_KEYS } from '../src/model/settings';
import type { EpochStats } from '../src/model/trainer';
import { TrainingRun, type RunEnd } from '../src/model/training-run';
import { fail, parseArgs, SETTING_FLAGS, settingsFromFlags } from './args';
import { loadDataset } from './load';
import { spawnNodeHelper } from './node-threads';
import { availableParallelism } from 'node:os';

const SETTING_USAGE = SETTING_KEYS.filter((k) => k !== 'split').map((k) => `[--${SETTINGS[k].flag} X]`);
const USAGE = `usage: npm run train -- <ratings file or GroupLens zip> [--test <file> | --split u1..u5|ua|ub]
  [--preset ${Object.keys(PRESETS).join('|')}] [--backend wasm|cpu] [--json]
  ${SETTING_USAGE.join(' ')}
  --validation X: share of the training ratings held out for model selection (0 = none, the last epoch is kept)
  --patience N: stop when validation RMSE has not improved for N epochs (0 = never)
  --seed N seeds the weights, batch order and dropout; --split-seed N the test split and validation share`;

const { positional, flags } = parseArgs(process.argv.slice(2));
if (positional.length !== 1 || flags.has('help')) fail(USAGE);

// Every setting through the one validator, before any data is read: a bad value exits at once.
const preset = PRESETS[flags.get('preset') ?? 'd2l'] ?? fail(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, not ${flags.get('preset')}`);
const known = new Set(['test', 'preset', 'backend', 'json', 'help', ...SETTING_FLAGS]);
for (const f of flags.keys()) if (!known.has(f)) fail(`unknown flag --${f}\n${USAGE}`);
if (flags.has('test') && flags.has('split') && flags.get('split') !== 'file') fail('--test <file> and --split are two ways to choose the test set: give one');
const config = settingsFromFlags(flags, { ...preset.config, split: flags.has('test') ? 'file' : 'random' });
const backendName = flags.get('backend') ?? 'wasm';
if (backendName !== 'wasm' && backendName !== 'cpu') fail(`--backend must be wasm or cpu, not ${backendName}`);
const json = flags.has('json');
const log = (obj: object, text: string) => process.stdout.write(`${json ? JSON.stringify(obj) : text}\n`);

let dataset = await loadDataset(positional[0]);
const refused = untrainable(dataset);
if (refused) fail(refused);
let split: Split | undefined;
const testPath = flags.get('test');
if (testPath) {
  const joined = joinTestSet(dataset, await loadDataset(testPath));
  dataset = joined.dataset;
  split = { train: dataset.ratings, test: joined.test };
} else if (config.split !== 'random') {
  split = dataset.presetSplits?.find((s) => s.name === config.split) ?? fail(`${positional[0]} has no "${config.split}" split`);
}
const backend = await useBackend(backendName as BackendName);
// The sparse kernels' threads: on cpu in their own shared memory; on wasm only where tfjs's heap is shared
// (its threaded build, which tfjs does not start in Node: one thread, and the reason, in the setup line).
const threads = await useKernelThreads(threadsFor(config.threads, availableParallelism()), spawnNodeHelper);
let setup;
try {
  setup = setupRun(dataset, config, { split, backend: backend.name });
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
const { trainer, trainRatings, validRatings, testRatings, unseenTest, unseenValid, overlapRemoved, compute, computeReason } = setup;
log(
  { setup: true, backend: backend.name, threads: threads?.threads, threadsNote: threads?.note, compute, computeReason, format: dataset.format, users: dataset.numUsers, items: dataset.numItems, trainRatings, validRatings, testRatings, unseenTest, unseenValid, overlapRemoved, config },
  `${dataset.format}: ${dataset.numUsers} users x ${dataset.numItems} items; train ${trainRatings}, validation ${validRatings} (${unseenValid} unseen), test ${testRatings} (${unseenTest} unseen)` +
    `${overlapRemoved ? `; ${overlapRemoved} training ratings whose pair is in the test set removed from training` : ''}; backend ${backend.name}${threads ? ` on ${threads.threads} thread${threads.threads === 1 ? '' : 's'}${threads.note ? ` (${threads.note})` : ''}` : ''}, ${compute} compute (${computeReason})`,
);

const started = performance.now();
const epochs: EpochStats[] = [];
const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : String(x));
const run = new TrainingRun(trainer, config, {
  epoch(s) {
    epochs.push(s);
    const { epoch, trainLoss, trainRmse, validRmse, validMae, testRmse, testMae, learningRate, selectedEpoch, ms, tensorBytes, wasmHeapBytes } = s;
    log(
      { epoch, trainLoss, trainRmse, validRmse, validMae, testRmse, testMae, learningRate, selectedEpoch, ms: Math.round(ms), tensorBytes, wasmHeapBytes, rssBytes: process.memoryUsage.rss() },
      `epoch ${String(epoch).padStart(3)}  train loss ${f4(trainLoss)}  train RMSE ${f4(trainRmse)}  valid RMSE ${f4(validRmse)}  test RMSE ${f4(testRmse)}  MAE ${f4(testMae)}  ${Math.round(ms)} ms`,
    );
  },
  state() {},
  error(err) {
    process.stderr.write(`training failed: ${err instanceof Error ? err.message : String(err)}\n`);
  },
});
run.play();
const end = (await run.done) as RunEnd;
const sel = trainer.selection;
trainer.dispose();
const last = epochs.at(-1);
const sorted = epochs.map((e) => e.ms).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
log(
  {
    summary: true,
    end: end.kind,
    epochs: last?.epoch ?? 0,
    selectedEpoch: sel.epoch,
    validRmse: sel.epoch > 0 && Number.isFinite(sel.validRmse) ? sel.validRmse : null,
    testRmse: sel.epoch > 0 ? sel.testRmse : null,
    overlapRemoved,
    finalTestRmse: last?.testRmse ?? null,
    finalTestMae: last?.testMae ?? null,
    msPerEpochMedian: Math.round(median),
    totalMs: Math.round(performance.now() - started),
  },
  `${end.kind === 'completed' ? `finished after ${last?.epoch} epochs` : end.kind}: ${end.message}; median ${Math.round(median)} ms/epoch`,
);
if (end.kind === 'diverged') process.exit(1);
