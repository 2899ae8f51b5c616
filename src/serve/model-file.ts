import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { Genres, RatingTriples } from '../data/types';
import type { TrainConfig } from '../config/config';
import { validateConfig } from '../config/settings';
import { paramShapes } from '../model/create-model';
import { badChecksums, memberName, SizeGuard } from './zip-checks';
import type { SavedTrainerState } from '../train/checkpoint';
import type { EpochStats } from '../train/metrics';

/**
 * The AutoRec Studio model file: one zip (fflate) holding manifest.json and binary blobs, every number
 * little-endian. The manifest names the format and its version, the run's settings, the kept epoch and its
 * figures, the dataset's summary, every blob's path, type and length, and every weight's shape; the blobs hold
 * the id maps, the weights (kept and current), the optimizer's state, and the three rating sets as CSR by user
 * (what recommendations read as each user's input, and what training continues on). Opening checks every length
 * against the manifest before anything is used.
 */
export const MODEL_FORMAT = 'autorec-studio-model';
export const MODEL_VERSION = 1;

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

type Dtype = 'f32' | 'i32' | 'u8';
interface BlobEntry {
  path: string;
  dtype: Dtype;
  length: number;
}

interface Manifest {
  format: string;
  version: number;
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

/**
 * The model file's bytes. Without `trainingState` the current weights and the optimizer's slots are left out
 * (about a third of the size with Adam); opening it still recommends the same, continuing starts a fresh optimizer.
 */
export function encodeModel(m: SavedModel, { trainingState = m.resumable } = {}): Uint8Array {
  const files: Zippable = {};
  const blobs: BlobEntry[] = [];
  const put = (path: string, a: Float32Array | Int32Array | Uint8Array, dtype: Dtype) => {
    files[path] = bytesOf(a);
    blobs.push({ path, dtype, length: a.length });
  };
  const d = m.dataset;
  put('ids/users.i32', d.userIds, 'i32');
  put('ids/items.i32', d.itemIds, 'i32');
  if (d.titles) files['titles.json'] = strToU8(JSON.stringify(d.titles));
  if (d.genres) put('genres.i32', d.genres.items, 'i32');
  const half = halfSteps(SETS.map((s) => m.sets[s]));
  for (const s of SETS) {
    const csr = byUser(m.sets[s], d.numUsers);
    put(`ratings/${s}.ptr.i32`, csr.ptr, 'i32');
    put(`ratings/${s}.col.i32`, csr.col, 'i32');
    if (half) put(`ratings/${s}.val.u8`, Uint8Array.from(csr.val, (v) => v * 2), 'u8');
    else put(`ratings/${s}.val.f32`, csr.val, 'f32');
  }
  const st = m.state;
  st.kept.forEach((a, k) => put(`weights/kept/${k}.f32`, a, 'f32'));
  // The current weights are the kept ones when the last epoch is the kept one (and weights are not averaged): stored once.
  if (trainingState && (st.selected.epoch !== st.epoch || st.averaged)) st.params.forEach((a, k) => put(`weights/current/${k}.f32`, a, 'f32'));
  if (trainingState) st.averaged?.forEach((a, k) => put(`weights/averaged/${k}.f32`, a, 'f32'));
  if (trainingState) st.optimizer.slots.forEach((a, k) => put(`optimizer/${k}.f32`, a, 'f32'));
  put('training/order.i32', st.order, 'i32');
  const inputDim = m.config.variant === 'I' ? d.numUsers : d.numItems;
  const manifest: Manifest = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    savedAt: m.savedAt,
    config: m.config,
    dataset: {
      format: d.format,
      source: d.source,
      numUsers: d.numUsers,
      numItems: d.numItems,
      ratingMin: d.ratingMin,
      ratingMax: d.ratingMax,
      titles: d.titles !== undefined,
      ...(d.genres && { genres: [...d.genres.names] }),
      ratings: SETS.reduce((n, s) => n + m.sets[s].ratings.length, 0),
    },
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
    ratingValues: half ? 'half' : 'f32',
    overlapRemoved: m.overlapRemoved,
    shapes: paramShapes(m.config, m.config.variant === 'I' ? d.numItems : d.numUsers, inputDim),
    blobs,
    epochs: m.epochs,
  };
  files['manifest.json'] = strToU8(JSON.stringify(manifest));
  // Weights barely compress: stored; ids, ratings and the manifest deflate well.
  const level = (path: string) => (path.startsWith('weights/') || path.startsWith('optimizer/') ? 0 : 6);
  return zipSync(Object.fromEntries(Object.entries(files).map(([p, v]) => [p, [v as Uint8Array, { level: level(p) }]])));
}

export type Opened = { ok: true; model: SavedModel } | { ok: false; error: string };

class Bad extends Error {}

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

function decode(bytes: Uint8Array): SavedModel {
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
  if (mf.version !== MODEL_VERSION) {
    throw new Bad(`model file version ${String(mf.version)}; this app reads version ${MODEL_VERSION}${typeof mf.version === 'number' && mf.version > MODEL_VERSION ? ' (saved by a newer AutoRec Studio)' : ''}.`);
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
  const sets = { train: readSet('train'), valid: readSet('valid'), test: readSet('test') };
  const inputDim = config.variant === 'I' ? numUsers : numItems;
  const shapes = paramShapes(config, config.variant === 'I' ? numItems : numUsers, inputDim);
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
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
    savedAt: String(mf.savedAt ?? ''),
    config,
    dataset: { format: String(ds.format), source: String(ds.source), numUsers, numItems, ratingMin: Number(ds.ratingMin), ratingMax: Number(ds.ratingMax), userIds, itemIds, ...(titles && { titles }), ...(genres && { genres }) },
    sets,
    overlapRemoved: Number(mf.overlapRemoved) || 0,
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
