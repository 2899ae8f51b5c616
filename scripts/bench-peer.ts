// Side by side with the peer (d2l AutoRec in PyTorch, ../shared/reference): our seeded split written to
// files, then the peer and the app in Chromium trained on those same files with the same settings, each
// several times, alternating (peer, ours, peer, ours, ...) so that a slow spell of the machine hits both.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { generateDemo } from '../src/data/demo';
import { randomSplit } from '../src/data/split';
import type { Dataset, RatingTriples } from '../src/data/types';
import { BACKEND_CHOICES, type BackendChoice } from '../src/config/config';
import { runInApp, type AppRunResult } from './lib/app-run';
import { fail, parseArgs, refuseUnknown, settingsFromFlags } from './lib/args';
import { knownFlags } from './lib/command';
import { BENCH_PEER, BENCH_PEER_DEFAULTS } from './lib/commands/bench-peer';
import { helpText } from './lib/help';
import { launchChromium, serveBuiltApp } from './lib/browser';
import { loadDataset } from './lib/load';
import { parsePeerOutput, PeerOutputError, peerSummary, spread } from './lib/peer-output';
import { shapedFile } from './lib/shapes';

const USAGE = helpText(BENCH_PEER);
const { flags } = parseArgs(process.argv.slice(2));
refuseUnknown(flags, knownFlags(BENCH_PEER), USAGE);
if (flags.has('help')) fail(USAGE);
const backend = (flags.get('backend') ?? 'auto') as BackendChoice;
if (!BACKEND_CHOICES.includes(backend)) fail(`--backend must be one of ${BACKEND_CHOICES.join(', ')}`);
const wholeFlag = (name: string, fallback: number | undefined, min: number): number | undefined => {
  const v = flags.get(name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min) fail(`--${name} must be a whole number of at least ${min}, not ${v}`);
  return Number(v);
};
const repeats = wholeFlag('repeats', 3, 1) as number;
/** The peer's --threads (torch.set_num_threads); its own default (2) when not given. */
const peerThreads = wholeFlag('peer-threads', undefined, 1);
// --hidden, --epochs, --compute ... go through the one validator.
const config = settingsFromFlags(flags, BENCH_PEER_DEFAULTS);
const python = flags.get('python') ?? '/usr/bin/python3';
const peerScript = resolve(flags.get('peer') ?? '../shared/reference/ref_autorec.py');
const timeoutMs = Number(flags.get('timeout') ?? 60 * 60_000);
const out = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

const shape = flags.get('shape');
if (shape && flags.has('data')) fail('--data and --shape exclude each other');
const data = shape ? await shapedFile(shape).catch((e: Error) => fail(e.message)) : flags.get('data');
const dataset: Dataset = data ? await loadDataset(data) : generateDemo();
const split = randomSplit(dataset.ratings, config.testRatio, config.splitSeed);
const dir = mkdtempSync(join(tmpdir(), 'autorec-peer-'));
const [trainFile, testFile] = [join(dir, 'train.tsv'), join(dir, 'test.tsv')];
writeFileSync(trainFile, lines(dataset, split.train));
writeFileSync(testFile, lines(dataset, split.test));

/** Raw ids, tab-separated, as both systems read them. */
function lines(d: Dataset, r: RatingTriples): string {
  const parts: string[] = [];
  for (let k = 0; k < r.ratings.length; k++) parts.push(`${d.userIds[r.users[k]]}\t${d.itemIds[r.items[k]]}\t${r.ratings[k]}\t0\n`);
  return parts.join('');
}

type PeerRun = ReturnType<typeof peerSummary> & { compute: string; trainRatings: number; testRatings: number };

/** Why the peer cannot run here, or undefined. */
function peerMissing(): string | undefined {
  if (!existsSync(peerScript)) return `the peer script is not at ${peerScript} (pass --peer <path to ref_autorec.py or ref_autorec_sparse.py>)`;
  const probe = spawnSync(python, ['-c', 'import torch, pandas'], { encoding: 'utf8' });
  if (probe.status !== 0) return `PyTorch is absent for ${python}: apt-get install -y python3-torch python3-pandas`;
  return undefined;
}

function runPeer(): PeerRun | { error: string } {
  const args = [peerScript, '--data', 'files', '--train', trainFile, '--test', testFile, '--seed', String(config.seed)];
  args.push('--epochs', String(config.epochs), '--hidden', String(config.hidden), '--batch', String(config.batchSize));
  args.push('--lr', String(config.learningRate), '--wd', String(config.l2));
  if (peerThreads !== undefined) args.push('--threads', String(peerThreads));
  const run = spawnSync(python, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (run.status !== 0) return { error: `the peer failed: ${(run.stderr ?? '').trim().split('\n').pop() ?? `status ${run.status}`}` };
  try {
    const parsed = parsePeerOutput(run.stdout);
    // ref_autorec_sparse.py says its decoder; ref_autorec.py computes densely
    const compute = parsed.result.decoder ? `sparse (${parsed.result.decoder} decoder)` : 'dense';
    return { compute, trainRatings: parsed.result.n_train, testRatings: parsed.result.n_test, ...peerSummary(parsed) };
  } catch (err) {
    if (err instanceof PeerOutputError) return { error: err.message };
    throw err;
  }
}

/** What the app's run said of its threads (the backend badge): the sparse kernels' CPU threads, none on a GPU backend. */
const oursThreadsNote = (o: AppRunResult) =>
  o.threads === null
    ? `one CPU thread drives the ${o.backend} backend; the kernels run on the GPU`
    : `${o.threads} CPU thread${o.threads === 1 ? '' : 's'} for the sparse kernels (the --threads setting; 0 = every core the browser offers)`;

const missing = peerMissing();
out({
  setup: true,
  data: data ? basename(data) : 'demo',
  trainRatings: split.train.ratings.length,
  testRatings: split.test.ratings.length,
  epochs: config.epochs,
  hidden: config.hidden,
  batch: config.batchSize,
  repeats,
  order: missing ? 'ours only' : 'peer, ours, peer, ours, ...',
  peer: basename(peerScript),
  peerThreads: peerThreads ?? 'its default',
});

const peerRuns: PeerRun[] = [];
const ourRuns: AppRunResult[] = [];
let peerError = missing;
let ourError: string | undefined;
const app = await serveBuiltApp();
const browser = await launchChromium();
try {
  for (let repeat = 1; repeat <= repeats; repeat++) {
    if (!peerError) {
      const p = runPeer();
      if ('error' in p) peerError = p.error;
      else peerRuns.push(p);
      out({ repeat, system: 'peer', ...('error' in p ? p : { msPerEpochMedian: p.msPerEpochMedian, finalTestRmse: p.finalTestRmse, threads: p.threads, epochs: p.epochs }) });
    }
    if (!ourError) {
      const o = await runInApp(browser, { url: app.url, config, backend, data: trainFile, test: testFile, timeoutMs });
      if ('error' in o) ourError = o.error;
      else ourRuns.push(o);
      out({ repeat, system: 'ours', ...('error' in o ? o : { backend: o.backend, msPerEpochMedian: o.msPerEpochMedian, finalTestRmse: o.finalTestRmse, epochs: o.epochs }) });
    }
  }
} finally {
  await browser.close();
  await app.close();
}

/** Per system: each repeat's median ms/epoch, their median and spread; the final (last-epoch) test RMSE. */
function summary(runs: { msPerEpochMedian: number; finalTestRmse: number; lowestTestRmse: number }[]) {
  const ms = spread(runs.map((r) => r.msPerEpochMedian));
  const rmse = spread(runs.map((r) => r.finalTestRmse));
  return {
    repeats: runs.length,
    msPerEpochMedian: Math.round(ms.median),
    msPerEpochMin: ms.min,
    msPerEpochMax: ms.max,
    msPerEpochRepeats: runs.map((r) => r.msPerEpochMedian),
    finalTestRmse: rmse.median,
    ...(rmse.min !== rmse.max ? { finalTestRmseMin: rmse.min, finalTestRmseMax: rmse.max } : {}),
    lowestTestRmse: Math.min(...runs.map((r) => r.lowestTestRmse)),
  };
}

const peerLine =
  peerRuns.length > 0
    ? { system: 'peer', backend: 'pytorch-cpu', compute: peerRuns[0].compute, threads: peerRuns[0].threads, ...summary(peerRuns), trainRatings: peerRuns[0].trainRatings, testRatings: peerRuns[0].testRatings, ...(peerError ? { error: peerError } : {}) }
    : { system: 'peer', backend: 'pytorch-cpu', compute: 'dense', skipped: peerError };
out(peerLine);
const oursLine =
  ourRuns.length > 0
    ? (() => {
        const o = ourRuns[0];
        const sameData = !('trainRatings' in peerLine) || (o.trainRatings === peerLine.trainRatings && o.testRatings === peerLine.testRatings && o.validRatings === 0);
        return {
          system: 'ours',
          backend: o.backend,
          compute: o.compute,
          threads: o.threads,
          threadsNote: oursThreadsNote(o),
          ...summary(ourRuns),
          trainRatings: o.trainRatings,
          validRatings: o.validRatings,
          testRatings: o.testRatings,
          ...(sameData ? {} : { warning: 'ours did not train on exactly the peer\'s training ratings (see the counts)' }),
          ...(ourError ? { error: ourError } : {}),
        };
      })()
    : { system: 'ours', backend, error: ourError };
out(oursLine);
if ('msPerEpochMedian' in peerLine && 'msPerEpochMedian' in oursLine) {
  out({
    ratio: Number((oursLine.msPerEpochMedian / peerLine.msPerEpochMedian).toFixed(3)),
    peerThreads: peerLine.threads,
    oursThreads: oursLine.threads,
    finalTestRmseDiff: Number((oursLine.finalTestRmse - peerLine.finalTestRmse).toFixed(4)),
    note: 'ratio = ours / peer, medians over the repeats of each repeat\'s median ms per epoch (training + evaluation); test RMSE at the last epoch, clipped to the rating scale on both sides',
  });
}
