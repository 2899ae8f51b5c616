// Headless training: the same src/data + src/model code as the app (setupRun, TrainingRun), in Node on the
// tfjs cpu or wasm backend.
import { basename } from 'node:path';
import { useBackend } from '../src/compute/backend';
import { threadsFor, type BackendName } from '../src/config/config';
import { PRESETS } from '../src/config/presets';
import { finalRankingTask, setupRun } from '../src/train/setup-run';
import { openModel } from '../src/serve/saved-model';
import { useKernelThreads } from '../src/compute/sparse';
import { endsByItself, SETTINGS } from '../src/config/settings';
import type { EpochStats } from '../src/train/metrics';
import { TrainingRun, type RunEnd } from '../src/train/training-run';
import type { Baselines } from '../src/baselines/bias-baselines';
import { fail, parseArgs, refuseUnknown, settingsFromFlags } from './lib/args';
import { knownFlags } from './lib/command';
import { RESUME_FLAGS, TRAIN } from './lib/commands/train';
import { helpText } from './lib/help';
import { loadForRun } from './lib/load';
import { readNetwork, saveModel } from './lib/model-io';
import { shapedFile } from './lib/shapes';
import { f4, rankingText, rankText } from './lib/ranking-text';
import { mostPopular, type RankingFigures } from '../src/data/ranking';
import { rankServing } from '../src/train/rank-model';
import { spawnNodeHelper } from '../src/compute/wasm/node-threads';
import { availableParallelism } from 'node:os';

const USAGE = helpText(TRAIN);

const { positional, flags } = parseArgs(process.argv.slice(2));
const resumePath = flags.get('resume');
const shape = flags.get('shape');
if (positional.length !== (resumePath || shape ? 0 : 1) || flags.has('help')) fail(USAGE);
const savePath = flags.get('save');

// Every setting through the one validator, before any data is read: a bad value exits at once.
const preset = PRESETS[flags.get('preset') ?? 'd2l'] ?? fail(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, not ${flags.get('preset')}`);
// a fresh run takes every flag but --resume; a resumed one keeps the settings of its file
if (resumePath) refuseUnknown(flags, RESUME_FLAGS, USAGE, ' (a resumed run keeps the settings of its file)');
else refuseUnknown(flags, knownFlags(TRAIN).filter((f) => f !== 'resume'), USAGE);
if (flags.has('test') && flags.has('split') && flags.get('split') !== 'file') fail('--test <file> and --split are two ways to choose the test set: give one');
let config = settingsFromFlags(flags, { ...preset.config, split: flags.has('test') ? 'file' : 'random' });
const backendName = flags.get('backend') ?? 'wasm';
if (backendName !== 'wasm' && backendName !== 'cpu') fail(`--backend must be wasm or cpu, not ${backendName}`);
const json = flags.has('json');
const log = (obj: object, text: string) => process.stdout.write(`${json ? JSON.stringify(obj) : text}\n`);

const backend = await useBackend(backendName as BackendName);
// The sparse kernels' threads: on cpu in their own shared memory; on wasm only where tfjs's heap is shared
// (its threaded build, which tfjs does not start in Node: one thread, and the reason, in the setup line).
const threads = await useKernelThreads(threadsFor(config.threads, availableParallelism()), spawnNodeHelper);
const onThreads = threads ? ` on ${threads.threads} thread${threads.threads === 1 ? '' : 's'}${threads.note ? ` (${threads.note})` : ''}` : '';
let dataset, trainer, split;
/** The reference baselines on the run's split (a fresh run only: a resumed file does not refit them). */
let refs: Baselines | undefined;
let baselinesMs: number | undefined;
/** The most-popular baseline's ranking figures: on the per-epoch sample at the start (a fresh run), on the final task at the end. */
let popular: RankingFigures | undefined;
const epochs: EpochStats[] = [];
if (resumePath) {
  const saved = await readNetwork(resumePath);
  let opened;
  try {
    opened = await openModel(saved, backend.name, basename(resumePath));
  } catch (err) {
    fail(`${resumePath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  ({ dataset, trainer, split } = opened);
  epochs.push(...saved.epochs);
  if (!saved.resumable) process.stderr.write(`${resumePath} was saved without its training state: continuing from its kept epoch's weights with a fresh optimizer\n`);
  const more = flags.has(SETTINGS.epochs.flag) ? config.epochs : saved.config.epochs;
  // 0 more (a model saved from the page's uncapped run): until early-stopped, where the settings stop it
  config = { ...saved.config, epochs: more > 0 ? trainer.epoch + more : 0, ...(flags.has(SETTINGS.learningRate.flag) && { learningRate: config.learningRate }), ...(flags.has(SETTINGS.patience.flag) && { patience: config.patience }) };
  if (!endsByItself(config)) fail(`${resumePath}: its run had no epoch cap and no early stopping: give --epochs N more (or --patience N)`);
  if (config.learningRate !== saved.state.learningRate) trainer.setLearningRate(config.learningRate);
  const sel = trainer.selection;
  log(
    { resume: true, file: resumePath, backend: backend.name, threads: threads?.threads, threadsNote: threads?.note, compute: trainer.trainConfig.compute, epoch: trainer.epoch, selectedEpoch: sel.epoch, users: dataset.numUsers, items: dataset.numItems, config },
    `${resumePath}: ${config.variant}-AutoRec on ${saved.dataset.source} (${dataset.numUsers} users x ${dataset.numItems} items), trained ${trainer.epoch} epochs, kept epoch ${sel.epoch}; ` +
      `continuing to epoch ${config.epochs} on ${backend.name}${onThreads}, ${trainer.trainConfig.compute} compute`,
  );
} else {
  const loaded = await loadForRun(shape ? await shapedFile(shape).catch((e: Error) => fail(e.message)) : positional[0], flags.get('test'), config.split);
  dataset = loaded.dataset;
  const given = loaded.split;
  let setup;
  try {
    setup = setupRun(dataset, config, { split: given, backend: backend.name });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  ({ trainer, split } = setup);
  const fitStart = performance.now();
  refs = setup.baselines;
  baselinesMs = Math.round(performance.now() - fitStart);
  const { trainRatings, validRatings, testRatings, unseenTest, unseenValid, overlapRemoved, compute, computeReason, ranking } = setup;
  popular = refs.popular;
  // the per-epoch ranking's users (a sample on large data) and the most popular items' figures on them
  const rank = { relevantFrom: ranking.threshold, rankUsers: ranking.users.length, rankUsersWithRelevant: ranking.usersWithRelevant, popular };
  log(
    { setup: true, backend: backend.name, threads: threads?.threads, threadsNote: threads?.note, compute, computeReason, format: dataset.format, users: dataset.numUsers, items: dataset.numItems, trainRatings, validRatings, testRatings, unseenTest, unseenValid, overlapRemoved, ...rank, config },
    `${dataset.format}: ${dataset.numUsers} users x ${dataset.numItems} items; train ${trainRatings}, validation ${validRatings} (${unseenValid} unseen), test ${testRatings} (${unseenTest} unseen)` +
      `${overlapRemoved ? `; ${overlapRemoved} training ratings whose pair is in the test set removed from training` : ''}; backend ${backend.name}${onThreads}, ${compute} compute (${computeReason})` +
      `\nranking@10 on ${rankText(ranking.users.length, ranking.usersWithRelevant)} (relevant: a test rating of at least ${ranking.threshold}); most popular: ${rankingText(popular)}`,
  );
}
const overlapRemoved = split.overlapRemoved;
// the ranking at 10 every epoch only when asked (the page asks while its chart shows NDCG@10): else at the end
trainer.setRanking(flags.has('rank-epochs'));

const started = performance.now();
const firstNew = epochs.length; // a resumed run's saved epochs are not timed again
const run = new TrainingRun(trainer, config, {
  epoch(s) {
    epochs.push(s);
    const { epoch, trainLoss, trainRmse, validRmse, validMae, testRmse, testMae, testPrecision10, testRecall10, testNdcg10, learningRate, selectedEpoch, ms, tensorBytes, wasmHeapBytes, stage } = s;
    log(
      { epoch, trainLoss, trainRmse, validRmse, validMae, testRmse, testMae, testPrecision10, testRecall10, testNdcg10, learningRate, selectedEpoch, ms: Math.round(ms), tensorBytes, wasmHeapBytes, rssBytes: process.memoryUsage.rss(), stage },
      `epoch ${String(epoch).padStart(3)}  train loss ${f4(trainLoss)}  train RMSE ${f4(trainRmse)}  valid RMSE ${f4(validRmse)}  test RMSE ${f4(testRmse)}  MAE ${f4(testMae)}${Number.isFinite(testNdcg10) ? `  NDCG@10 ${f4(testNdcg10!)}` : ''}  ${Math.round(ms)} ms${stage === 'global' ? '  (global kernel)' : ''}`,
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
// the kept model's ranking figures on every ranked test user where affordable, and the most popular items' on the same users
const finalTask = finalRankingTask(split, dataset, config.splitSeed);
const ranked = sel.epoch > 0 ? await rankServing(trainer, finalTask) : undefined;
popular = mostPopular(finalTask, split.train);
if (savePath && trainer.epoch > 0) {
  const bytes = await saveModel(savePath, { trainer, config, dataset, split, epochs }, !flags.has('no-training-state'), flags.has('no-ratings'));
  log({ saved: savePath, bytes, epoch: trainer.epoch, selectedEpoch: sel.epoch }, `saved ${savePath} (${(bytes / 2 ** 20).toFixed(2)} MB): epoch ${trainer.epoch}, kept epoch ${sel.epoch}`);
}
trainer.dispose();
const last = epochs.at(-1);
const orNull = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
const sorted = epochs.slice(firstNew).map((e) => e.ms).sort((a, b) => a - b);
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
    testPrecision10: orNull(ranked?.precision),
    testRecall10: orNull(ranked?.recall),
    testNdcg10: orNull(ranked?.ndcg),
    popularPrecision10: orNull(popular.precision),
    popularRecall10: orNull(popular.recall),
    popularNdcg10: orNull(popular.ndcg),
    rankUsers: popular.users,
    rankUsersWithRelevant: popular.usersWithRelevant,
    relevantFrom: finalTask.threshold,
    msPerEpochMedian: Math.round(median),
    totalMs: Math.round(performance.now() - started),
    globalMeanTestRmse: refs?.globalMean ?? null,
    userItemBiasTestRmse: refs?.userItemBias ?? null,
    mfTestRmse: refs?.mf.testRmse ?? null,
    // MF's top lists on the per-epoch ranking users (all of them but on large data: rankUsers in the setup line)
    mfPrecision10: orNull(refs?.mf.ranking?.precision),
    mfRecall10: orNull(refs?.mf.ranking?.recall),
    mfNdcg10: orNull(refs?.mf.ranking?.ndcg),
    mf: refs ? { factors: refs.mf.factors, l2: refs.mf.l2, epochs: refs.mf.epochs, validRmse: Number.isFinite(refs.mf.validRmse) ? refs.mf.validRmse : null, chosenBy: refs.mf.chosenBy } : null,
    baselinesMs: baselinesMs ?? null,
  },
  `${end.kind === 'completed' ? `finished after ${last?.epoch} epochs` : end.kind}: ${end.message}; median ${Math.round(median)} ms/epoch` +
    (refs ? `; baselines: user+item bias ${f4(refs.userItemBias)}, MF ${f4(refs.mf.testRmse)}${refs.mf.ranking ? `, NDCG@10 ${refs.mf.ranking.ndcg.toFixed(4)}` : ''} (${refs.mf.factors} factors, λ ${refs.mf.l2}, ${refs.mf.chosenBy === 'validation' ? 'chosen on validation' : 'the fixed default'})` : '') +
    `\nat 10 on ${rankText(popular.users, popular.usersWithRelevant)} (relevant: a test rating of at least ${finalTask.threshold}): kept model ${rankingText(ranked)}; most popular ${rankingText(popular)}`,
);
if (end.kind === 'diverged') process.exit(1);
