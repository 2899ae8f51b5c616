import { strToU8, zipSync, type Zippable } from 'fflate';
import type { RatingTriples } from '../data/types';
import { paramShapes } from '../model/create-model';
import { MODEL_FORMAT, MODEL_VERSION, SETS, type BlendManifest, type BlobEntry, type CodesManifest, type Dtype, type Manifest, type SavedBlend, type SavedCodes, type SavedDataset, type SavedModel } from './model-file';

// Writing a model file (./model-file.ts): every blob little-endian; weights stored, the rest deflated.
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
