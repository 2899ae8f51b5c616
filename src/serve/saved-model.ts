import type { Holdout } from '../data/holdout';
import { prepare } from '../train/prepare';
import type { Dataset, RatingTriples } from '../data/types';
import type { BackendName, TrainConfig } from '../config/config';
import { chooseCompute } from '../compute/compute-path';
import type { Pairs, SavedBlend, SavedCodes, SavedDataset, SavedFile, SavedModel } from './model-file';
import type { Blend, TuneResult } from '../config/tune-results';
import { codedNetwork, notCodable, servedCodes, type CodedNetwork } from './coded-model';
import { memberData, memberTrainer, servedBlend, type BlendOfMembers } from './blend-model';
import { servedNetwork, type Served } from './served';
import type { EpochStats } from '../train/metrics';
import { Trainer } from '../train/trainer';

/** What a run needs to be saved: its trainer, its settings as started, the data and the three sets it used. */
export interface RunToSave {
  trainer: Trainer;
  config: TrainConfig;
  dataset: Dataset;
  split: Holdout;
  epochs: EpochStats[];
}

/** The format and source a model file's data had originally (a file saved again names them, not the file it came from). */
const ORIGIN = new WeakMap<Dataset, { format: string; source: string }>();

/** A dataset as a model file keeps it (named after the file it first came from). */
function savedDataset(d: Dataset): SavedDataset {
  const origin = ORIGIN.get(d);
  return {
    format: origin?.format ?? d.format,
    source: origin?.source ?? d.source,
    numUsers: d.numUsers,
    numItems: d.numItems,
    ratingMin: d.ratingMin,
    ratingMax: d.ratingMax,
    userIds: d.userIds,
    itemIds: d.itemIds,
    ...(d.titles && { titles: d.titles }),
    ...(d.genres && { genres: d.genres }),
  };
}

/** A trained model as a SavedModel (weights read back from the device once). */
export async function captureModel(r: RunToSave, now = new Date()): Promise<SavedModel> {
  if (r.trainer.epoch === 0) throw new Error('Train at least one epoch before saving a model.');
  return {
    kind: 'network',
    savedAt: now.toISOString(),
    config: r.config,
    dataset: savedDataset(r.dataset),
    sets: { train: r.split.train, valid: r.split.valid, test: r.split.test },
    overlapRemoved: r.split.overlapRemoved,
    state: await r.trainer.saveState(),
    epochs: r.epochs,
    resumable: true,
  };
}

function concat(sets: readonly RatingTriples[]): RatingTriples {
  const n = sets.reduce((k, s) => k + s.ratings.length, 0);
  const out = { users: new Int32Array(n), items: new Int32Array(n), ratings: new Float32Array(n) };
  let at = 0;
  for (const s of sets) {
    out.users.set(s.users, at);
    out.items.set(s.items, at);
    out.ratings.set(s.ratings, at);
    at += s.ratings.length;
  }
  return out;
}

/** A search's result as a model file's contents: the data and split it searched, its members and blend, its report. */
export function blendToSave(r: { dataset: Dataset; split: Holdout; config: TrainConfig; model: BlendOfMembers; result: TuneResult }, now = new Date()): SavedBlend {
  return { kind: 'blend', savedAt: now.toISOString(), config: r.config, dataset: savedDataset(r.dataset), sets: { train: r.split.train, valid: r.split.valid, test: r.split.test }, overlapRemoved: r.split.overlapRemoved, model: r.model, result: r.result };
}

/** One line on what a model file holds, for the notes of the data it brings. */
function fileSummary(m: SavedFile): string {
  if (m.kind === 'codes') return `${m.about}${Number.isFinite(m.testRmse) ? ` (test RMSE ${m.testRmse.toFixed(4)})` : ''}, saved without its ratings`;
  if (m.kind === 'blend') {
    const n = m.model.members.length;
    const test = m.result.testRmse;
    return `Tune's result, a blend of ${n} network${n === 1 ? '' : 's'}${m.model.refit ? ' refit on training + validation' : ''}${Number.isFinite(test) ? ` (test RMSE ${test.toFixed(4)})` : ''}`;
  }
  const kept = m.state.selected;
  return `${m.config.variant}-AutoRec, ${m.state.epoch} epochs trained, kept epoch ${kept.epoch}${Number.isFinite(kept.testRmse) ? ` (test RMSE ${kept.testRmse.toFixed(4)})` : ''}`;
}

/** The dataset a model file carries (its ratings are its three sets), named as coming from the file. */
export function datasetOf(m: SavedFile, fileName: string): Dataset {
  const d = m.dataset;
  const dataset: Dataset = {
    format: `AutoRec model file (${d.format})`,
    source: `${fileName} (model file; ratings from ${d.source})`,
    numUsers: d.numUsers,
    numItems: d.numItems,
    userIds: d.userIds,
    itemIds: d.itemIds,
    // a file without ratings brings none: who rated what serves its recommendations only
    ratings: m.kind === 'codes' ? concat([]) : concat([m.sets.train, m.sets.valid, m.sets.test]),
    ratingMin: d.ratingMin,
    ratingMax: d.ratingMax,
    ...(d.titles && { titles: d.titles }),
    ...(d.genres && { genres: d.genres }),
    notes: [`The data came from the model file ${fileName}, saved ${m.savedAt}: ${fileSummary(m)}. No ratings file was read.`],
  };
  ORIGIN.set(dataset, { format: d.format, source: d.source });
  return dataset;
}

/** A saved model ready on the running backend: its trainer (serving the kept weights, able to continue), sets and dataset. */
export async function openModel(m: SavedModel, backend: BackendName, fileName = 'model.zip'): Promise<{ trainer: Trainer; split: Holdout; dataset: Dataset; config: TrainConfig }> {
  const d = m.dataset;
  const byItem = m.config.variant === 'I';
  const split: Holdout = { ...m.sets, overlapRemoved: m.overlapRemoved };
  const dataset = datasetOf(m, fileName); // its ratings are the three sets
  const { compute } = chooseCompute(m.config.compute, backend, dataset);
  const prepared = prepare(split, d.numUsers, d.numItems, byItem);
  const trainer = new Trainer({ ...prepared, ratingMin: d.ratingMin, ratingMax: d.ratingMax }, { ...m.config, compute });
  try {
    await trainer.loadState(m.state);
  } catch (e) {
    trainer.dispose();
    throw e;
  }
  return { trainer, split, dataset, config: m.config };
}

/** A model file opened on the running backend: what serves, its sets and dataset; a network's trainer (it can continue). */
export interface OpenedFile {
  served: Served;
  split: Holdout;
  dataset: Dataset;
  config: TrainConfig;
  trainer?: Trainer;
  dispose(): void;
}

/** A blend's members on the running backend, each reading its input rows from the file's sets (training, + validation when refit). */
export function openBlend(m: SavedBlend, fileName = 'model.zip'): OpenedFile {
  const split: Holdout = { ...m.sets, overlapRemoved: m.overlapRemoved };
  const dataset = datasetOf(m, fileName);
  const dims = { numUsers: m.dataset.numUsers, numItems: m.dataset.numItems, ratingMin: m.dataset.ratingMin, ratingMax: m.dataset.ratingMax };
  const networks: Trainer[] = [];
  try {
    for (const x of m.model.members) networks.push(memberTrainer(x, memberData(split, dims, x.config.variant, m.model.refit)));
  } catch (e) {
    networks.forEach((t) => t.dispose());
    throw e;
  }
  return { served: servedBlend(networks, m.model.blend, dims), split, dataset, config: m.config, dispose: () => networks.forEach((t) => t.dispose()) };
}

/** Who rated what, as ratings of 0 (they are never read as ratings: only which items a user has, and how many per item). */
const unrated = (p: Pairs): RatingTriples => ({ users: p.users, items: p.items, ratings: new Float32Array(p.users.length) });

/** A file saved without its ratings: its networks' codes serve; who rated what in training and validation is its split (no test set). */
function openCodes(m: SavedCodes, fileName: string): OpenedFile {
  const d = m.dataset;
  const served = servedCodes(m.networks, m.blend, { numUsers: d.numUsers, numItems: d.numItems, ratingMin: d.ratingMin, ratingMax: d.ratingMax });
  const split: Holdout = { train: unrated(m.seen.train), valid: unrated(m.seen.valid), test: concat([]), overlapRemoved: 0 };
  return { served, split, dataset: datasetOf(m, fileName), config: m.config, dispose: () => served.dispose() };
}

/**
 * A served model as a file without its ratings (SavedCodes): each network's codes and decoder, who rated what in
 * training and validation. Refused with why (a message) where a network's predictions need the ratings themselves.
 */
export async function codesToSave(r: { served: Served; blend?: Blend; dataset: Dataset; split: Holdout; config: TrainConfig; about: string; testRmse: number }, now = new Date()): Promise<SavedCodes> {
  const why = r.served.networks.map(notCodable).find((x) => x !== undefined);
  if (why) throw new Error(why);
  const networks: CodedNetwork[] = [];
  for (const t of r.served.networks) networks.push(await codedNetwork(t));
  const pairs = (s: RatingTriples): Pairs => ({ users: s.users, items: s.items });
  return {
    kind: 'codes',
    savedAt: now.toISOString(),
    config: r.config,
    dataset: savedDataset(r.dataset),
    seen: { train: pairs(r.split.train), valid: pairs(r.split.valid) },
    networks,
    blend: r.blend ?? { weights: [1], intercept: 0, fitted: false },
    about: r.about,
    testRmse: r.testRmse,
  };
}

/** Either kind of model file, opened (openModel for a network, openBlend for a blend). */
export async function openFile(m: SavedFile, backend: BackendName, fileName = 'model.zip'): Promise<OpenedFile> {
  if (m.kind === 'blend') return openBlend(m, fileName);
  if (m.kind === 'codes') return openCodes(m, fileName);
  const o = await openModel(m, backend, fileName);
  return { ...o, served: servedNetwork(o.trainer), dispose: () => o.trainer.dispose() };
}
