// Headless tuning: the app's search (src/tune: quasi-random draws, ASHA, early stopping on validation,
// the test set evaluated once at the end) on a ratings file, in Node on the tfjs wasm (or cpu) backend.
import { readFile } from 'node:fs/promises';
import { useBackend } from '../src/compute/backend';
import { threadsFor, type BackendName } from '../src/config/config';
import { PRESETS } from '../src/config/presets';
import { useKernelThreads } from '../src/compute/sparse';
import { TuneData } from '../src/tune/tune-data';
import { DEFAULT_TUNE, TUNE_RULES, validateTune } from '../src/config/tune-options';
import { DEFAULT_SPACE, parseSpace, searchedKeys, spaceToJson } from '../src/config/tune-space';
import { FOLDS } from '../src/config/tune-results';
import { recipeOf, type Recipe } from '../src/config/tune-recipe';
import { describeModel } from '../src/config/tune-report';
import { Tuner } from '../src/tune/tuner';
import { fail, parseArgs, refuseUnknown, settingsFromFlags, tuneOptionsFromFlags } from './lib/args';
import { knownFlags } from './lib/command';
import { TUNE } from './lib/commands/tune';
import { helpText } from './lib/help';
import { loadForRun } from './lib/load';
import { f4, rankingText, rankText } from './lib/ranking-text';
import { spawnNodeHelper } from '../src/compute/wasm/node-threads';
import { availableParallelism } from 'node:os';
import { baselines } from '../src/baselines/bias-baselines';
import { finalRankingTask } from '../src/train/setup-run';
import { writeFile } from 'node:fs/promises';
import { encodeBlend, encodeCodes } from '../src/serve/model-file-write';
import { blendToSave, codesToSave, openBlend } from '../src/serve/saved-model';

const USAGE = helpText(TUNE);

const { positional, flags } = parseArgs(process.argv.slice(2));
if (positional.length !== 1 || flags.has('help')) fail(USAGE);
refuseUnknown(flags, knownFlags(TUNE), USAGE);
if (flags.has('test') && flags.has('split') && flags.get('split') !== 'file') fail('--test <file> and --split are two ways to choose the test set: give one');
const base = settingsFromFlags(flags, { ...PRESETS.d2l.config, split: flags.has('test') ? 'file' : 'random' });

// Budget: minutes unless only trials are given; both: whichever comes first.
const input = tuneOptionsFromFlags(flags);
const [trials, minutes] = [TUNE_RULES.trials.flag, TUNE_RULES.minutes.flag];
if (flags.has(trials) && !flags.has(minutes)) input.minutes = 0;
let recipe: Recipe | undefined;
if (flags.has('recipe')) {
  if (flags.has('space')) fail('--space and --recipe are two plans: give one');
  const r = recipeOf(flags.get('recipe') ?? '');
  if (!r.ok) fail(r.errors.join('\n'));
  recipe = r.value;
  // a recipe's budget is its members (a time limit only if one is given)
  if (!flags.has(minutes)) input.minutes = 0;
  if (!flags.has(trials)) input.trials = recipe.members(PRESETS.d2l.config).length;
}
const checked = validateTune(input, DEFAULT_TUNE);
if (!checked.ok) fail(checked.errors.map((e) => `bad option: ${e}`).join('\n'));
const options = checked.value;

let space = DEFAULT_SPACE;
const spacePath = flags.get('space');
if (spacePath) {
  const parsed = parseSpace(await readFile(spacePath, 'utf8').catch((e: Error) => fail(`${spacePath}: ${e.message}`)));
  if (!parsed.ok) fail(parsed.errors.map((e) => `${spacePath}: ${e}`).join('\n'));
  space = parsed.value; // the settings it leaves out keep the base settings' values
}

const backendName = flags.get('backend') ?? 'wasm';
if (backendName !== 'wasm' && backendName !== 'cpu') fail(`--backend must be wasm or cpu, not ${backendName}`);
const json = flags.has('json');
const log = (obj: object, text: string) => process.stdout.write(`${json ? JSON.stringify(obj) : text}\n`);
const orNull = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);

const { dataset, split } = await loadForRun(positional[0], flags.get('test'), base.split);
const backend = await useBackend(backendName as BackendName);
// as in train.ts: cpu runs its kernels on the threads; wasm in Node on one (tfjs starts its single-threaded build)
const threads = await useKernelThreads(threadsFor(base.threads, availableParallelism()), spawnNodeHelper);
let data: TuneData;
try {
  data = new TuneData(dataset, base, { split, backend: backend.name });
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
const h = data.holdout;
log(
  { setup: true, backend: backend.name, threads: threads?.threads, threadsNote: threads?.note, compute: data.compute, users: dataset.numUsers, items: dataset.numItems, trainRatings: h.train.ratings.length, validRatings: h.valid.ratings.length, testRatings: h.test.ratings.length, base, ...(recipe ? { recipe: recipe.key } : { space: spaceToJson(space), searched: searchedKeys(space) }), options },
  `${dataset.format}: ${dataset.numUsers} users x ${dataset.numItems} items; train ${h.train.ratings.length}, validation ${h.valid.ratings.length}, test ${h.test.ratings.length} (held back until the end); backend ${backend.name}${threads ? ` on ${threads.threads} thread${threads.threads === 1 ? '' : 's'}` : ''}, ${data.compute}` +
    (recipe ? `\n${recipe.name}: ${recipe.members(base).length} members, one after another${options.refit ? ', the chosen ones refit on training + validation' : ''}` : '') +
    `\n${recipe ? 'budget' : `searching ${searchedKeys(space).join(', ')}`} for ${options.minutes ? `${options.minutes} min` : ''}${options.minutes && options.trials ? ' or ' : ''}${options.trials ? `${options.trials} trials` : ''}`,
);

const tuner = new Tuner(data, base, recipe ?? space, options, {
  refitEpoch(id, epoch, epochs) {
    if (epoch === epochs) log({ refit: id, epochs }, `refit of trial ${id} on training + validation: ${epochs} epochs`);
  },
  trialEnd(r) {
    const { id, values, validRmse, bestEpoch, epochs, end, ms, tensors, tensorBytes, wasmHeapBytes, message } = r;
    log(
      { trial: id, values, validRmse: Number.isFinite(validRmse) ? validRmse : null, bestEpoch, epochs, end, ms: Math.round(ms), tensors, tensorBytes, wasmHeapBytes, rssBytes: process.memoryUsage.rss(), ...(message && { message }) },
      `trial ${String(id).padStart(3)}  valid RMSE ${f4(validRmse)} (epoch ${bestEpoch} of ${epochs}, ${end})  ${Object.entries(values).map(([k, v]) => `${k} ${v}`).join('  ')}  ${(ms / 1000).toFixed(1)} s`,
    );
  },
  error(err) {
    process.stderr.write(`tuning failed: ${err instanceof Error ? err.message : String(err)}\n`);
  },
});
process.on('SIGINT', () => tuner.stop()); // Ctrl-C: stop searching, still evaluate what was found
tuner.play();
const result = await tuner.done;
if (!result) fail('no trial kept a model: nothing to evaluate');
// the chart's baselines on the same split and ranking users: biased MF (its settings chosen on validation) beside the result
const refs = baselines(h, dataset.numUsers, dataset.numItems, dataset.ratingMin, dataset.ratingMax, finalRankingTask(h, dataset, result.best.config.splitSeed));
log(
  {
    best: result.best.config,
    validRmse: result.validRmse,
    testRmse: result.testRmse,
    trials: result.trials,
    minutes: Number(result.minutes.toFixed(2)),
    bestTrial: result.best.id,
    bestValidRmse: result.bestValidRmse,
    members: result.members,
    blend: result.blend,
    fittedValidRmse: result.fittedValidRmse,
    validBySize: result.validBySize,
    testMae: result.testMae,
    testPrecision10: orNull(result.testPrecision10),
    testRecall10: orNull(result.testRecall10),
    testNdcg10: orNull(result.testNdcg10),
    popularPrecision10: orNull(result.popular?.precision),
    popularRecall10: orNull(result.popular?.recall),
    popularNdcg10: orNull(result.popular?.ndcg),
    rankUsers: result.popular?.users ?? null,
    refit: result.refit,
    ...(result.stoppedAfter && { stoppedAfter: result.stoppedAfter }),
    biasTestRmse: refs.userItemBias,
    mfTestRmse: refs.mf.testRmse,
    mfPrecision10: orNull(refs.mf.ranking?.precision),
    mfRecall10: orNull(refs.mf.ranking?.recall),
    mfNdcg10: orNull(refs.mf.ranking?.ndcg),
    mf: { factors: refs.mf.factors, l2: refs.mf.l2, epochs: refs.mf.epochs, validRmse: orNull(refs.mf.validRmse), chosenBy: refs.mf.chosenBy },
  },
  `best: trial ${result.best.id} (${Object.entries(result.best.values).map(([k, v]) => `${k} ${v}`).join(', ')}), validation RMSE ${f4(result.bestValidRmse)}` +
    `\nreported model: ${describeModel(result)}, validation RMSE ${f4(result.validRmse)}${result.blend.fitted ? ' (cross-validated)' : ''}, test RMSE ${f4(result.testRmse)} (MAE ${f4(result.testMae)})${result.refit ? ', each refit on training + validation' : ''}, evaluated once` +
    `\nvalidation RMSE of the average of the best k trials, k = 1, 2, ...: ${result.validBySize.map(f4).join(', ')}` +
    (result.fittedValidRmse !== undefined ? `; of a blend of them fitted on validation (${FOLDS}-fold cross-validated): ${f4(result.fittedValidRmse)}` : '') +
    `\nat 10 on ${result.popular ? rankText(result.popular.users, result.popular.usersWithRelevant) : 'the test users'}: reported model ${rankingText(Number.isFinite(result.testNdcg10) ? { precision: result.testPrecision10!, recall: result.testRecall10!, ndcg: result.testNdcg10! } : undefined)}; most popular ${rankingText(result.popular)}` +
    `; MF ${rankingText(refs.mf.ranking)}` +
    `\nbaselines on the same split: user+item bias test RMSE ${f4(refs.userItemBias)}, MF ${f4(refs.mf.testRmse)} (${refs.mf.factors} factors, λ ${refs.mf.l2}, chosen on validation, fitted on the training ratings)` +
    (result.stoppedAfter ? `\nstopped after ${result.stoppedAfter.finished} of ${result.stoppedAfter.of} members: the blend of those that finished` : '') +
    `\n${result.trials} trials in ${result.minutes.toFixed(1)} min`,
);

const savePath = flags.get('save');
if (savePath && tuner.found) {
  const toSave = blendToSave({ dataset, split: h, config: base, model: tuner.found, result });
  let bytes: Uint8Array;
  if (flags.has('no-ratings')) {
    // the blend's members on the backend once more, to read their codes
    const opened = openBlend(toSave);
    try {
      bytes = encodeCodes(await codesToSave({ served: opened.served, blend: toSave.model.blend, dataset, split: h, config: base, about: `Tune's blend of ${toSave.model.members.length} networks`, testRmse: result.testRmse }));
    } catch (e) {
      fail(`--no-ratings: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      opened.dispose();
    }
  } else bytes = encodeBlend(toSave);
  await writeFile(savePath, bytes);
  const n = tuner.found.members.length;
  log({ saved: savePath, bytes: bytes.length, members: n, refit: tuner.found.refit }, `saved ${savePath} (${(bytes.length / 2 ** 20).toFixed(2)} MB): the reported model, ${n} network${n === 1 ? '' : 's'}`);
}
