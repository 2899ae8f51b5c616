import { strFromU8, unzipSync } from 'fflate';
import type { RatingTriples } from '../data/types';
import type { TrainConfig } from '../config/config';
import type { EpochStats } from '../train/metrics';
import { validateConfig } from '../config/settings';
import type { Blend, TuneResult } from '../config/tune-results';
import { paramShapes } from '../model/create-model';
import type { BlendMember } from './blend-model';
import type { CodedNetwork } from './coded-model';
import { BYTES, MODEL_FORMAT, MODEL_VERSION, SETS, type BlendManifest, type CodesManifest, type Dtype, type Manifest, type Pairs, type SavedDataset, type SavedFile, type SavedModel } from './model-file';
import { badChecksums, memberName, SizeGuard } from './zip-checks';

// Reading a model file (./model-file.ts) back, checking everything against its manifest before anything is used.
/** JSON has no NaN: figures that were NaN are written as null and read back as NaN. */
const nullToNaN = (x: unknown): unknown =>
  x === null ? NaN : Array.isArray(x) ? x.map(nullToNaN) : typeof x === 'object' ? Object.fromEntries(Object.entries(x as object).map(([k, v]) => [k, nullToNaN(v)])) : x;

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
  /** The weights' shapes a network of settings `c` has on this data, checked against the file's `got` (`whose` names them in the refusal). */
  const shapesOf = (c: TrainConfig, got: unknown, whose: string): number[][] => {
    const shapes = c.variant === 'I' ? paramShapes(c, numItems, numUsers) : paramShapes(c, numUsers, numItems);
    if (JSON.stringify(got) !== JSON.stringify(shapes)) throw new Bad(`${whose} shapes ${JSON.stringify(got)} do not fit its settings and data (${JSON.stringify(shapes)}).`);
    return shapes;
  };
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
      const shapes = shapesOf(c, x.shapes, `member ${k + 1}'s weights'`);
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
  const shapes = shapesOf(config, mf.shapes, "the weights'");
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
