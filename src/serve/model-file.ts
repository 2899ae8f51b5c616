import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { Genres, RatingTriples } from '../data/types';
import type { TrainConfig } from '../config/config';
import { validateConfig } from '../config/settings';
import { paramShapes } from '../model/create-model';
import { badChecksums, memberName, SizeGuard } from './zip-checks';
import type { SavedTrainerState } from '../train/checkpoint';
import type { EpochStats } from '../train/metrics';
import type { TuneResult } from '../config/tune-results';
import type { BlendMember, BlendOfMembers } from './blend-model';
import type { CodedNetwork } from './coded-model';
import type { Blend } from '../config/tune-results';

/**
 * The AutoRec Studio model file: one zip (fflate) holding manifest.json and binary blobs, every number
 * little-endian. The manifest names the format and its version, the run's settings, the kept epoch and its
 * figures, the dataset's summary, every blob's path, type and length, and every weight's shape; the blobs hold
 * the id maps, the weights (kept and current), the optimizer's state, and the three rating sets as CSR by user
 * (what recommendations read as each user's input, and what training continues on). Opening checks every length
 * against the manifest before anything is used.
 *
 * Version 2 adds a second kind, a blend (Tune's result: every member's settings and weights, the blend's weights
 * and intercept, the search's report; `kind: 'blend'` in the manifest); a network's file is as in version 1.
 * Version 1 files still open.
 */
export const MODEL_FORMAT = 'autorec-studio-model';
export const MODEL_VERSION = 2;

/** What a dataset turns into inside a model file: enough to name users and items and to recommend. */
export interface SavedDataset {
  format: string;
  source: string;
  numUsers: number;
  numItems: number;
  ratingMin: number;
  ratingMax: number;
  userIds: Int32Array;
  itemIds: Int32Array;
  titles?: readonly string[];
  genres?: Genres;
}

export interface SavedModel {
  kind: 'network';
  savedAt: string;
  /** The run's settings, as started (compute as asked: 'auto' resolves again on the backend that opens the file). */
  config: TrainConfig;
  dataset: SavedDataset;
  /** Train, validation and test as the run used them (dense ids). */
  sets: { train: RatingTriples; valid: RatingTriples; test: RatingTriples };
  overlapRemoved: number;
  state: SavedTrainerState;
  /** The run's epochs so far (the chart and table after opening). */
  epochs: EpochStats[];
  /**
   * False for a file saved without its training state (the current weights and the optimizer's slots): it serves
   * recommendations as well, and continues from the kept weights with a fresh optimizer.
   */
  resumable: boolean;
}

/** Tune's result as a model: its members' networks and how their predictions combine, on the data it searched. */
export interface SavedBlend {
  kind: 'blend';
  savedAt: string;
  /** The search's base settings (its split). */
  config: TrainConfig;
  dataset: SavedDataset;
  /** Train, validation and test as the search used them (dense ids). */
  sets: { train: RatingTriples; valid: RatingTriples; test: RatingTriples };
  overlapRemoved: number;
  model: BlendOfMembers;
  /** What the search reported of it (validation and test figures, trials, minutes). */
  result: TuneResult;
}

/** Which items each user rated (dense ids, no ratings). */
export interface Pairs {
  users: Int32Array;
  items: Int32Array;
}

/**
 * A network or a blend saved without its ratings (`--no-ratings`, "Leave the ratings out"): each network's hidden
 * codes and decoder (./coded-model.ts) serve the same recommendations; which items each user rated in training and
 * validation is kept (no ratings) so that recommendations leave them out. It cannot be trained further, shows no
 * held-out ratings, no "because you liked" and no item map.
 */
export interface SavedCodes {
  kind: 'codes';
  savedAt: string;
  config: TrainConfig;
  dataset: SavedDataset;
  seen: { train: Pairs; valid: Pairs };
  networks: CodedNetwork[];
  /** How the networks' predictions combine (one network: weight 1, intercept 0). */
  blend: Blend;
  /** What the model was when saved, in a line (e.g. "I-AutoRec, kept epoch 12"), and its test RMSE then. */
  about: string;
  testRmse: number;
}

/** What a model file holds: one network (and its training state), a blend, or either without its ratings. */
export type SavedFile = SavedModel | SavedBlend | SavedCodes;

type Dtype = 'f32' | 'i32' | 'u8';
interface BlobEntry {
  path: string;
  dtype: Dtype;
  length: number;
}

interface Manifest {
  format: string;
  version: number;
  kind?: 'network' | 'blend' | 'codes';
  savedAt: string;
  config: TrainConfig;
  dataset: Omit<SavedDataset, 'userIds' | 'itemIds' | 'titles' | 'genres'> & { titles: boolean; genres?: string[]; ratings: number };
  selected: { epoch: number; validRmse: number | null; testRmse: number | null };
  training: {
    epoch: number;
    learningRate: number;
    iterations: number;
    rngDraws: number;
    slots: number;
    resumable: boolean;
    /** The model's stage, the kept weights' stage, the epoch the stage began after (absent before AutoRec+: 'local', 0). */
    stage?: string;
    keptStage?: string;
    stageStart?: number;
    /** Shapes of the parameters the optimizer's slots follow (the trained ones), when not all parameters. */
    slotShapes?: number[][];
  };
  /** How each set's values are stored: 'half' = rating x 2 in a byte (MovieLens scales), 'f32' otherwise. */
  ratingValues: 'half' | 'f32';
  overlapRemoved: number;
  /** Each parameter's shape, in paramList order (encoder layers' weight and bias, then the decoder's). */
  shapes: number[][];
  blobs: BlobEntry[];
  epochs: EpochStats[];
}

/** A ratings-free file's manifest: the data's ids, who rated what, and each network's codes and decoder. */
interface CodesManifest extends Pick<Manifest, 'format' | 'version' | 'savedAt' | 'config' | 'dataset' | 'blobs'> {
  kind: 'codes';
  networks: { config: TrainConfig; rows: number }[];
  blend: Blend;
  about: string;
  testRmse: number | null;
}

/** A blend's manifest: the data's parts as a network's, then its members (weights in members/<k>/<j>.f32). */
interface BlendManifest extends Pick<Manifest, 'format' | 'version' | 'savedAt' | 'config' | 'dataset' | 'ratingValues' | 'overlapRemoved' | 'blobs'> {
  kind: 'blend';
  blend: { weights: number[]; intercept: number; fitted: boolean; refit: boolean };
  members: (Omit<BlendMember, 'params'> & { shapes: number[][] })[];
  result: TuneResult;
}

const BYTES: Record<Dtype, number> = { f32: 4, i32: 4, u8: 1 };
const SETS = ['train', 'valid', 'test'] as const;

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** Ratings as CSR by user: row pointers over users, item columns, values. */
function byUser(r: RatingTriples, numUsers: number): { ptr: Int32Array; col: Int32Array; val: Float32Array } {
  const ptr = new Int32Array(numUsers + 1);
  for (let k = 0; k < r.users.length; k++) ptr[r.users[k] + 1]++;
  for (let u = 0; u < numUsers; u++) ptr[u + 1] += ptr[u];
  const next = ptr.slice(0, numUsers);
  const col = new Int32Array(r.users.length);
  const val = new Float32Array(r.users.length);
  for (let k = 0; k < r.users.length; k++) {
    const at = next[r.users[k]]++;
    col[at] = r.items[k];
    val[at] = r.ratings[k];
  }
  return { ptr, col, val };
}

/** Whether every rating is a multiple of 0.5 in [0, 127.5]: one byte each. */
function halfSteps(sets: readonly RatingTriples[]): boolean {
  for (const s of sets) for (let k = 0; k < s.ratings.length; k++) {
    const h = s.ratings[k] * 2;
    if (h !== Math.round(h) || h < 0 || h > 255) return false;
  }
  return true;
}

const bytesOf = (a: Float32Array | Int32Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** A zip being written: its files and the manifest's list of blobs. */
class Writer {
  readonly files: Zippable = {};
  readonly blobs: BlobEntry[] = [];

  put(path: string, a: Float32Array | Int32Array | Uint8Array, dtype: Dtype): void {
    this.files[path] = bytesOf(a);
    this.blobs.push({ path, dtype, length: a.length });
  }

  /** The zip with its manifest. Weights barely compress: stored; ids, ratings and the manifest deflate well. */
  zip(manifest: object): Uint8Array {
    this.files['manifest.json'] = strToU8(JSON.stringify(manifest));
    const level = (path: string) => (path.startsWith('weights/') || path.startsWith('optimizer/') || path.startsWith('members/') ? 0 : 6);
    return zipSync(Object.fromEntries(Object.entries(this.files).map(([p, v]) => [p, [v as Uint8Array, { level: level(p) }]])));
  }
}

/** The data's names written (ids, titles, genres), and what the manifest says of the data (`ratings`: how many it holds). */
function putIds(w: Writer, d: SavedDataset, ratings: number): Manifest['dataset'] {
  w.put('ids/users.i32', d.userIds, 'i32');
  w.put('ids/items.i32', d.itemIds, 'i32');
  if (d.titles) w.files['titles.json'] = strToU8(JSON.stringify(d.titles));
  if (d.genres) w.put('genres.i32', d.genres.items, 'i32');
  return {
    format: d.format,
    source: d.source,
    numUsers: d.numUsers,
    numItems: d.numItems,
    ratingMin: d.ratingMin,
    ratingMax: d.ratingMax,
    titles: d.titles !== undefined,
    ...(d.genres && { genres: [...d.genres.names] }),
    ratings,
  };
}

/** The data's parts of a file (ids, titles, genres, the three sets) written, and what the manifest says of them. */
function putData(w: Writer, d: SavedDataset, sets: SavedModel['sets']): Pick<Manifest, 'dataset' | 'ratingValues'> {
  const dataset = putIds(w, d, SETS.reduce((n, s) => n + sets[s].ratings.length, 0));
  const half = halfSteps(SETS.map((s) => sets[s]));
  for (const s of SETS) {
    const csr = byUser(sets[s], d.numUsers);
    w.put(`ratings/${s}.ptr.i32`, csr.ptr, 'i32');
    w.put(`ratings/${s}.col.i32`, csr.col, 'i32');
    if (half) w.put(`ratings/${s}.val.u8`, Uint8Array.from(csr.val, (v) => v * 2), 'u8');
    else w.put(`ratings/${s}.val.f32`, csr.val, 'f32');
  }
  return { dataset, ratingValues: half ? 'half' : 'f32' };
}

/** A model without its ratings: ids, who rated what in training and validation, each network's codes and decoder. */
export function encodeCodes(m: SavedCodes): Uint8Array {
  const w = new Writer();
  const d = m.dataset;
  const dataset = putIds(w, d, 0);
  for (const s of ['train', 'valid'] as const) {
    const csr = byUser({ ...m.seen[s], ratings: new Float32Array(m.seen[s].users.length) }, d.numUsers);
    w.put(`seen/${s}.ptr.i32`, csr.ptr, 'i32');
    w.put(`seen/${s}.col.i32`, csr.col, 'i32');
  }
  m.networks.forEach((n, k) => {
    w.put(`members/${k}/codes.f32`, n.codes, 'f32');
    w.put(`members/${k}/decoder-w.f32`, n.decoderW, 'f32');
    w.put(`members/${k}/decoder-b.f32`, n.decoderB, 'f32');
  });
  const manifest: CodesManifest = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind: 'codes',
    savedAt: m.savedAt,
    config: m.config,
    dataset,
    blobs: w.blobs,
    networks: m.networks.map((n) => ({ config: n.config, rows: n.rows })),
    blend: { weights: [...m.blend.weights], intercept: m.blend.intercept, fitted: m.blend.fitted },
    about: m.about,
    testRmse: finiteOrNull(m.testRmse),
  };
  return w.zip(manifest);
}

/** JSON has no NaN: figures that were NaN are written as null and read back as NaN. */
const nullToNaN = (x: unknown): unknown =>
  x === null ? NaN : Array.isArray(x) ? x.map(nullToNaN) : typeof x === 'object' ? Object.fromEntries(Object.entries(x as object).map(([k, v]) => [k, nullToNaN(v)])) : x;

/** A blend's file: the data's parts, then every member's weights in members/<k>/<j>.f32 (stored), the blend in the manifest. */
export function encodeBlend(m: SavedBlend): Uint8Array {
  const w = new Writer();
  const d = m.dataset;
  const data = putData(w, d, m.sets);
  const members = m.model.members.map((x, k) => {
    x.params.forEach((a, j) => w.put(`members/${k}/${j}.f32`, a, 'f32'));
    const { params: _, ...rest } = x;
    return { ...rest, shapes: paramShapes(x.config, x.config.variant === 'I' ? d.numItems : d.numUsers, x.config.variant === 'I' ? d.numUsers : d.numItems) };
  });
  const { blend, refit } = m.model;
  const manifest: BlendManifest = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind: 'blend',
    savedAt: m.savedAt,
    config: m.config,
    ...data,
    overlapRemoved: m.overlapRemoved,
    blobs: w.blobs,
    blend: { weights: [...blend.weights], intercept: blend.intercept, fitted: blend.fitted, refit },
    members,
    result: m.result,
  };
  return w.zip(manifest);
}

/**
 * A network's file. Without `trainingState` the current weights and the optimizer's slots are left out
 * (about a third of the size with Adam); opening it still recommends the same, continuing starts a fresh optimizer.
 */
export function encodeModel(m: SavedModel, { trainingState = m.resumable } = {}): Uint8Array {
  const w = new Writer();
  const d = m.dataset;
  const data = putData(w, d, m.sets);
  const st = m.state;
  st.kept.forEach((a, k) => w.put(`weights/kept/${k}.f32`, a, 'f32'));
  // The current weights are the kept ones when the last epoch is the kept one (and weights are not averaged): stored once.
  if (trainingState && (st.selected.epoch !== st.epoch || st.averaged)) st.params.forEach((a, k) => w.put(`weights/current/${k}.f32`, a, 'f32'));
  if (trainingState) st.averaged?.forEach((a, k) => w.put(`weights/averaged/${k}.f32`, a, 'f32'));
  if (trainingState) st.optimizer.slots.forEach((a, k) => w.put(`optimizer/${k}.f32`, a, 'f32'));
  w.put('training/order.i32', st.order, 'i32');
  const inputDim = m.config.variant === 'I' ? d.numUsers : d.numItems;
  const manifest: Manifest = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind: 'network',
    savedAt: m.savedAt,
    config: m.config,
    ...data,
    selected: { epoch: st.selected.epoch, validRmse: finiteOrNull(st.selected.validRmse), testRmse: finiteOrNull(st.selected.testRmse) },
    training: {
      epoch: st.epoch,
      learningRate: st.learningRate,
      iterations: trainingState ? st.optimizer.iterations : 0,
      rngDraws: st.rngDraws,
      slots: trainingState ? st.optimizer.slots.length : 0,
      resumable: trainingState,
      stage: st.stage,
      keptStage: st.keptStage,
      stageStart: st.stageStart,
      ...(trainingState && st.slotShapes && { slotShapes: st.slotShapes }),
    },
    overlapRemoved: m.overlapRemoved,
    shapes: paramShapes(m.config, m.config.variant === 'I' ? d.numItems : d.numUsers, inputDim),
    blobs: w.blobs,
    epochs: m.epochs,
  };
  return w.zip(manifest);
}

export type Opened = { ok: true; model: SavedFile } | { ok: false; error: string };

class Bad extends Error {}

/** A blend's weights and intercept as the manifest gives them, checked: one finite weight per network. */
function blendOf(raw: unknown, networks: number): Blend {
  const b = raw as Partial<Blend> | null;
  if (typeof b !== 'object' || b === null || !Array.isArray(b.weights) || b.weights.length !== networks || !b.weights.every(Number.isFinite) || !Number.isFinite(b.intercept)) {
    throw new Bad(`manifest.json: the blend's weights should be ${networks} numbers and an intercept.`);
  }
  return { weights: b.weights, intercept: b.intercept as number, fitted: b.fitted === true };
}

/** A network's settings in a blend's (or a ratings-free) file, through the one validator. */
function networkConfig(raw: unknown, who: string): TrainConfig {
  const c = validateConfig(raw ?? {});
  if (!c.ok) throw new Bad(`${who}'s settings are not valid: ${c.errors.join('; ')}`);
  return c.config;
}

/**
 * Reads a model file, checking everything against its manifest: the format and version, the settings (the
 * one validator), every blob's presence and byte length, the weights' shapes, ids and rating indices in range.
 * A wrong file gives one message naming what is wrong; nothing is half-read.
 */
export function decodeModel(bytes: Uint8Array, name = 'the file'): Opened {
  try {
    return { ok: true, model: decode(bytes) };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, error: `${name}: ${e.message}` };
    return { ok: false, error: `${name}: not a readable model file (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** A network's file, for what only a network can do (continue training); a blend is refused with why. */
export function decodeNetwork(bytes: Uint8Array, name = 'the file'): { ok: true; model: SavedModel } | { ok: false; error: string } {
  const o = decodeModel(bytes, name);
  if (!o.ok || o.model.kind === 'network') return o as { ok: true; model: SavedModel } | { ok: false; error: string };
  if (o.model.kind === 'codes') return { ok: false, error: `${name}: saved without its ratings: it recommends, but cannot be trained further.` };
  return { ok: false, error: `${name}: a blend of ${o.model.model.members.length} networks (Tune's result): it recommends, but cannot be trained further.` };
}

function decode(bytes: Uint8Array): SavedFile {
  let files: Record<string, Uint8Array>;
  // a member whose sizes cannot be is not inflated: unzipSync allocates its unpacked size first
  const sizes = new SizeGuard(bytes.length);
  try {
    files = unzipSync(bytes, { filter: sizes.filter });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Bad(`not a zip archive, or a truncated one (${why}). An AutoRec Studio model file is a .zip saved by "Save model" or --save.`);
  }
  if (sizes.refused !== undefined) throw new Bad(`${memberName(sizes.refused)}: sizes the archive cannot hold (the file is damaged).`);
  const damaged = badChecksums(bytes, files);
  if (damaged.length > 0) throw new Bad(`${damaged.slice(0, 3).map(memberName).join(', ')}${damaged.length > 3 ? ' and others' : ''}: not the bytes the archive's checksums record (the file is damaged).`);
  const raw = files['manifest.json'];
  if (!raw) throw new Bad(`a zip without manifest.json: not an AutoRec Studio model file (it holds ${Object.keys(files).slice(0, 3).join(', ') || 'nothing'}).`);
  let mf: Manifest;
  try {
    mf = JSON.parse(strFromU8(raw)) as Manifest;
  } catch {
    throw new Bad('manifest.json is not valid JSON (the file is damaged).');
  }
  if (typeof mf !== 'object' || mf === null || mf.format !== MODEL_FORMAT) throw new Bad(`manifest.json names format "${String((mf as { format?: unknown } | null)?.format)}", not "${MODEL_FORMAT}": not an AutoRec Studio model file.`);
  if (mf.version !== 1 && mf.version !== MODEL_VERSION) {
    throw new Bad(`model file version ${String(mf.version)}; this app reads versions 1 to ${MODEL_VERSION}${typeof mf.version === 'number' && mf.version > MODEL_VERSION ? ' (saved by a newer AutoRec Studio)' : ''}.`);
  }
  const checked = validateConfig(mf.config ?? {});
  if (!checked.ok) throw new Bad(`its settings are not valid: ${checked.errors.join('; ')}`);
  const config = checked.config;
  const ds = mf.dataset;
  const count = (x: unknown, what: string) => {
    if (!Number.isInteger(x) || (x as number) < 1) throw new Bad(`manifest.json: ${what} is ${String(x)}, not a positive whole number.`);
    return x as number;
  };
  const numUsers = count(ds?.numUsers, 'dataset.numUsers');
  const numItems = count(ds?.numItems, 'dataset.numItems');
  const entries = new Map((Array.isArray(mf.blobs) ? mf.blobs : []).map((b) => [b.path, b]));
  const blob = <T extends Float32Array | Int32Array | Uint8Array>(path: string, dtype: Dtype, length?: number): T => {
    const e = entries.get(path);
    if (!e) throw new Bad(`manifest.json lists no ${path}.`);
    if (e.dtype !== dtype) throw new Bad(`${path} is ${e.dtype} in the manifest, expected ${dtype}.`);
    if (length !== undefined && e.length !== length) throw new Bad(`${path} should hold ${length} values for this model, the manifest says ${e.length}.`);
    const b = files[path];
    if (!b) throw new Bad(`${path} is missing from the archive (the file is truncated or damaged).`);
    if (b.byteLength !== e.length * BYTES[dtype]) throw new Bad(`${path} holds ${b.byteLength} bytes, the manifest says ${e.length * BYTES[dtype]} (the file is truncated or damaged).`);
    const copy = b.slice().buffer; // aligned
    return (dtype === 'f32' ? new Float32Array(copy) : dtype === 'i32' ? new Int32Array(copy) : new Uint8Array(copy)) as T;
  };
  const userIds = blob<Int32Array>('ids/users.i32', 'i32', numUsers);
  const itemIds = blob<Int32Array>('ids/items.i32', 'i32', numItems);
  let titles: string[] | undefined;
  if (ds.titles) {
    const t = files['titles.json'];
    if (!t) throw new Bad('titles.json is missing from the archive (the file is truncated or damaged).');
    const parsed: unknown = JSON.parse(strFromU8(t));
    if (!Array.isArray(parsed) || parsed.length !== numItems || !parsed.every((x) => typeof x === 'string')) throw new Bad(`titles.json should be ${numItems} titles.`);
    titles = parsed as string[];
  }
  const genres = ds.genres ? { names: ds.genres, items: blob<Int32Array>('genres.i32', 'i32', numItems) } : undefined;
  const half = mf.ratingValues === 'half';
  const readSet = (s: (typeof SETS)[number]): RatingTriples => {
    const ptr = blob<Int32Array>(`ratings/${s}.ptr.i32`, 'i32', numUsers + 1);
    const n = ptr[numUsers];
    if (ptr[0] !== 0) throw new Bad(`ratings/${s}.ptr.i32 does not start at 0.`);
    for (let u = 0; u < numUsers; u++) if (ptr[u + 1] < ptr[u]) throw new Bad(`ratings/${s}.ptr.i32 decreases at user ${u}.`);
    const col = blob<Int32Array>(`ratings/${s}.col.i32`, 'i32', n);
    const val = half ? Float32Array.from(blob<Uint8Array>(`ratings/${s}.val.u8`, 'u8', n), (v) => v / 2) : blob<Float32Array>(`ratings/${s}.val.f32`, 'f32', n);
    const users = new Int32Array(n);
    for (let u = 0; u < numUsers; u++) users.fill(u, ptr[u], ptr[u + 1]);
    for (let k = 0; k < n; k++) if (col[k] < 0 || col[k] >= numItems) throw new Bad(`ratings/${s}.col.i32 names item ${col[k]}, beyond the ${numItems} items.`);
    return { users, items: col, ratings: val };
  };
  const dataset: SavedDataset = { format: String(ds.format), source: String(ds.source), numUsers, numItems, ratingMin: Number(ds.ratingMin), ratingMax: Number(ds.ratingMax), userIds, itemIds, ...(titles && { titles }), ...(genres && { genres }) };
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  if (mf.kind === 'codes') {
    const cf = mf as unknown as CodesManifest;
    const readPairs = (s: 'train' | 'valid'): Pairs => {
      const ptr = blob<Int32Array>(`seen/${s}.ptr.i32`, 'i32', numUsers + 1);
      if (ptr[0] !== 0) throw new Bad(`seen/${s}.ptr.i32 does not start at 0.`);
      for (let u = 0; u < numUsers; u++) if (ptr[u + 1] < ptr[u]) throw new Bad(`seen/${s}.ptr.i32 decreases at user ${u}.`);
      const items = blob<Int32Array>(`seen/${s}.col.i32`, 'i32', ptr[numUsers]);
      for (let k = 0; k < items.length; k++) if (items[k] < 0 || items[k] >= numItems) throw new Bad(`seen/${s}.col.i32 names item ${items[k]}, beyond the ${numItems} items.`);
      const users = new Int32Array(items.length);
      for (let u = 0; u < numUsers; u++) users.fill(u, ptr[u], ptr[u + 1]);
      return { users, items };
    };
    if (!Array.isArray(cf.networks) || cf.networks.length === 0) throw new Bad('manifest.json: a model without networks.');
    const b = blendOf(cf.blend, cf.networks.length);
    const networks = cf.networks.map((x, k): CodedNetwork => {
      const c = networkConfig(x?.config, `network ${k + 1}`);
      const [rows, outputs] = c.variant === 'I' ? [numItems, numUsers] : [numUsers, numItems];
      if (x.rows !== rows) throw new Bad(`network ${k + 1} has codes of ${String(x.rows)} rows, its data ${rows}.`);
      const h = c.hidden;
      return {
        config: c,
        rows,
        codes: blob<Float32Array>(`members/${k}/codes.f32`, 'f32', rows * h),
        decoderW: blob<Float32Array>(`members/${k}/decoder-w.f32`, 'f32', outputs * h),
        decoderB: blob<Float32Array>(`members/${k}/decoder-b.f32`, 'f32', outputs),
      };
    });
    return {
      kind: 'codes',
      savedAt: String(mf.savedAt ?? ''),
      config,
      dataset,
      seen: { train: readPairs('train'), valid: readPairs('valid') },
      networks,
      blend: b,
      about: String(cf.about ?? ''),
      testRmse: cf.testRmse ?? NaN,
    };
  }
  const sets = { train: readSet('train'), valid: readSet('valid'), test: readSet('test') };
  const overlapRemoved = Number(mf.overlapRemoved) || 0;
  if (mf.kind === 'blend') {
    const bf = mf as unknown as BlendManifest;
    if (!Array.isArray(bf.members) || bf.members.length === 0) throw new Bad('manifest.json: a blend without members.');
    const b = blendOf(bf.blend, bf.members.length);
    const members = bf.members.map((x, k): BlendMember => {
      const c = networkConfig(x?.config, `member ${k + 1}`);
      const byItem = c.variant === 'I';
      const shapes = paramShapes(c, byItem ? numItems : numUsers, byItem ? numUsers : numItems);
      if (JSON.stringify(x.shapes) !== JSON.stringify(shapes)) throw new Bad(`member ${k + 1}'s weights' shapes ${JSON.stringify(x.shapes)} do not fit its settings and data (${JSON.stringify(shapes)}).`);
      const params = shapes.map((sh, j) => blob<Float32Array>(`members/${k}/${j}.f32`, 'f32', size(sh)));
      return { trial: Number(x.trial) || k + 1, config: c, params, stage: typeof x.stage === 'string' ? x.stage : 'local', epoch: count(x.epoch, `members[${k}].epoch`), validRmse: x.validRmse ?? NaN };
    });
    return {
      kind: 'blend',
      savedAt: String(mf.savedAt ?? ''),
      config,
      dataset,
      sets,
      overlapRemoved,
      model: { members, blend: b, refit: bf.blend.refit === true },
      result: nullToNaN(bf.result) as TuneResult,
    };
  }
  const inputDim = config.variant === 'I' ? numUsers : numItems;
  const shapes = paramShapes(config, config.variant === 'I' ? numItems : numUsers, inputDim);
  if (JSON.stringify(mf.shapes) !== JSON.stringify(shapes)) throw new Bad(`the weights' shapes ${JSON.stringify(mf.shapes)} do not fit its settings and data (${JSON.stringify(shapes)}).`);
  const tr = mf.training;
  const epoch = count(tr?.epoch, 'training.epoch');
  const selectedEpoch = count(mf.selected?.epoch, 'selected.epoch');
  const kept = shapes.map((s, k) => blob<Float32Array>(`weights/kept/${k}.f32`, 'f32', size(s)));
  const resumable = tr.resumable !== false;
  const averaging = config.average > 0;
  const params = !resumable || (selectedEpoch === epoch && !averaging) ? kept : shapes.map((s, k) => blob<Float32Array>(`weights/current/${k}.f32`, 'f32', size(s)));
  const averaged = resumable && averaging ? shapes.map((s, k) => blob<Float32Array>(`weights/averaged/${k}.f32`, 'f32', size(s))) : undefined;
  const slotShapes = Array.isArray(tr.slotShapes) ? tr.slotShapes : shapes;
  if (tr.slots % slotShapes.length !== 0) throw new Bad(`${tr.slots} optimizer slots for ${slotShapes.length} parameters.`);
  const slots = Array.from({ length: tr.slots }, (_, k) => blob<Float32Array>(`optimizer/${k}.f32`, 'f32', size(slotShapes[k % slotShapes.length])));
  const rows = config.variant === 'I' ? numItems : numUsers;
  const order = blob<Int32Array>('training/order.i32', 'i32', rows);
  return {
    kind: 'network',
    savedAt: String(mf.savedAt ?? ''),
    config,
    dataset,
    sets,
    overlapRemoved,
    state: {
      epoch,
      selected: { epoch: selectedEpoch, validRmse: mf.selected.validRmse ?? Infinity, testRmse: mf.selected.testRmse ?? NaN },
      learningRate: Number(tr.learningRate),
      params,
      kept,
      ...(averaged && { averaged }),
      optimizer: { iterations: Number(tr.iterations) || 0, slots },
      rngDraws: Number(tr.rngDraws) || 0,
      order,
      stage: typeof tr.stage === 'string' ? tr.stage : 'local',
      keptStage: typeof tr.keptStage === 'string' ? tr.keptStage : 'local',
      stageStart: Number(tr.stageStart) || 0,
    },
    // JSON has no NaN: a figure that was NaN (no validation share) comes back as null.
    resumable,
    epochs: Array.isArray(mf.epochs) ? mf.epochs.map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === null ? NaN : v])) as unknown as EpochStats) : [],
  };
}
