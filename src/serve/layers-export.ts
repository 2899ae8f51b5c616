import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import type { Activation, TrainConfig, Variant } from '../config/config';
import type { RatingModel } from '../model/rating-model';
import type { Trainer } from '../train/trainer';

/**
 * A trained network in the standard TensorFlow.js layers format: a tf.Sequential of Dense layers that computes the
 * model's evaluation-mode forward pass (no dropout), saved by tfjs itself as model.json + weights.bin (what
 * tf.loadLayersModel reads, and `tensorflowjs_converter --input_format=tfjs_layers_model --output_format=keras`
 * turns into a Keras .h5), with autorec.json beside it saying what a row in and out is. A blend is its members'
 * folders and blend.json. See docs/model-file.md.
 */
export const LAYERS_FORMAT = 'autorec-studio-layers';
export const BLEND_FORMAT = 'autorec-studio-blend';

/** One layer as tf.layers.dense holds it: kernel [inputs, units] row-major, bias [units], then its activation. */
export interface DenseLayer {
  readonly name: string;
  readonly inputs: number;
  readonly units: number;
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly activation: Activation;
}

/** A result a person is shown: the value, or why there is none (a refusal the page and the commands print). */
export type Exported<T> = { ok: true; value: T } | { ok: false; error: string };

/** An export's files by path inside the folder or zip (member-1/model.json, ...). */
export type ExportFiles = Record<string, Uint8Array>;

/** What a single network needs to be exported: its settings and dense layers, and the data's ids and scale. */
export interface NetworkExport {
  readonly config: TrainConfig;
  readonly layers: readonly DenseLayer[];
  /** Raw user and item ids, in the dense order the model's rows and columns follow. */
  readonly userIds: Int32Array;
  readonly itemIds: Int32Array;
  readonly ratingMin: number;
  readonly ratingMax: number;
  /** The kept epoch and its figures (NaN where not measured). */
  readonly kept: { readonly epoch: number; readonly validRmse: number; readonly testRmse: number };
  /** The data it was trained on, by name (a dataset's source). */
  readonly data: string;
}

/** autorec.json: how to read and feed the exported network. */
export interface AutoRecJson {
  format: typeof LAYERS_FORMAT;
  version: 1;
  model: string;
  variant: Variant;
  /** What one input row (and its output row) is. */
  rows: 'items' | 'users';
  columns: 'users' | 'items';
  input: string;
  output: string;
  /** The value of an unrated entry in an input row. */
  unrated: 0;
  /** Raw ids in the order of the rows' and columns' positions. */
  userIds: number[];
  itemIds: number[];
  ratingRange: [number, number];
  /** Outputs are not clipped to ratingRange (the app clips for display and RMSE, and ranks by the raw output). */
  clipped: false;
  layers: { name: string; inputs: number; units: number; activation: string }[];
  keptEpoch: number;
  validRmse: number | null;
  testRmse: number | null;
  data: string;
  settings: TrainConfig;
  notes: string[];
}

/** A network's export: its files (model.json, weights.bin, autorec.json) and what autorec.json says. */
export interface LayersExport {
  readonly files: ExportFiles;
  readonly info: AutoRecJson;
}

/** The Keras name of each activation (tfjs layers and Keras share them; the app's identity is 'linear'). */
const KERAS_ACTIVATION: Record<Activation, string> = { sigmoid: 'sigmoid', identity: 'linear', relu: 'relu', elu: 'elu', tanh: 'tanh', selu: 'selu' };

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * Why a model is not one stack of dense layers, or undefined when it is. AutoRec is; AutoRec+ in its local stage is,
 * through its kernelized weights (W ⊙ K); an ensemble averages several networks, and the global-kernel stage reads
 * its input through a convolution of the whole rating matrix.
 */
function notDense(model: RatingModel, config: TrainConfig): string | undefined {
  if (model.plain) return undefined;
  if (config.model === 'plus' && config.members > 1) {
    return `this AutoRec+ model averages ${config.members} networks (ensemble members), and a TensorFlow.js export holds one network: train it with 1 ensemble member to export it.`;
  }
  if (model.stage === 'global') {
    return "this AutoRec+ model is kept in its global-kernel stage, whose input is the whole rating matrix convolved with the global kernel, not a layer of a dense stack: export a model kept before that stage (global epochs 0).";
  }
  return 'this model is not a plain stack of dense layers.';
}

/**
 * The dense layers a model applies, read back from the device: each encoder layer's weight as it is ([in, out]), the
 * decoder's (stored [outputs, hidden], see AutoRecParams) transposed to a kernel [hidden, outputs]; the encoder's
 * activation on every hidden layer, the decoder's on the output. A model that is not a dense stack is refused.
 */
export async function denseLayersOf(model: RatingModel, config: TrainConfig): Promise<Exported<DenseLayer[]>> {
  const why = notDense(model, config);
  if (why) return { ok: false, error: `Cannot export as a TensorFlow.js model: ${why}` };
  const { weights, owned } = model.weights();
  try {
    const read = async (t: tf.Tensor) => Float32Array.from(await t.data());
    const layers: DenseLayer[] = [];
    for (const [k, l] of weights.encoder.entries()) {
      const [inputs, units] = l.w.shape;
      layers.push({ name: `encoder_${k + 1}`, inputs, units, kernel: await read(l.w), bias: await read(l.b), activation: config.encoder });
    }
    const [outputs, hidden] = weights.decoder.w.shape;
    const stored = await read(weights.decoder.w);
    const kernel = new Float32Array(hidden * outputs);
    for (let o = 0; o < outputs; o++) for (let h = 0; h < hidden; h++) kernel[h * outputs + o] = stored[o * hidden + h];
    layers.push({ name: 'decoder', inputs: hidden, units: outputs, kernel, bias: await read(weights.decoder.b), activation: config.decoder });
    return { ok: true, value: layers };
  } finally {
    if (owned) tf.dispose([...weights.encoder.flatMap((l) => [l.w, l.b]), weights.decoder.w, weights.decoder.b]);
  }
}

/** The layers as a tf.Sequential (weights set, not compiled): the caller disposes it. */
function sequentialOf(layers: readonly DenseLayer[]): tf.Sequential {
  const model = tf.sequential({ name: 'autorec' });
  for (const [k, l] of layers.entries()) {
    // zeros, not tfjs's random draws: the weights are overwritten at once
    const dense = tf.layers.dense({ units: l.units, activation: KERAS_ACTIVATION[l.activation] as 'linear', name: l.name, kernelInitializer: 'zeros', ...(k === 0 && { inputShape: [l.inputs] }) });
    model.add(dense);
    const w = [tf.tensor2d(l.kernel, [l.inputs, l.units]), tf.tensor1d(l.bias)];
    dense.setWeights(w);
    tf.dispose(w);
  }
  return model;
}

/** model.json and weights.bin of a Sequential, as tfjs saves them (the manifest a tf.io.http or file load reads). */
async function savedFiles(model: tf.Sequential): Promise<ExportFiles> {
  let files: ExportFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      if (!a.weightSpecs || !a.weightData) throw new Error('tfjs saved no weights');
      const json: tf.io.ModelJSON = {
        modelTopology: a.modelTopology as object,
        format: a.format,
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
      };
      files = { 'model.json': strToU8(JSON.stringify(json)), 'weights.bin': new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData)) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!files) throw new Error('tfjs saved nothing');
  return files;
}

/** What autorec.json says of a network. */
function infoOf(n: NetworkExport): AutoRecJson {
  const { config: c } = n;
  const byItem = c.variant === 'I';
  const [row, col] = byItem ? (['item', 'user'] as const) : (['user', 'item'] as const);
  const kernelized = c.model === 'plus' && c.kernelDim > 0;
  return {
    format: LAYERS_FORMAT,
    version: 1,
    model: `${c.variant}-AutoRec${c.model === 'plus' ? '+' : ''}`,
    variant: c.variant,
    rows: `${row}s`,
    columns: `${col}s`,
    input: `one row per ${row}: the ${row}'s ratings by every ${col}, in the order of ${col}Ids (${byItem ? n.userIds.length : n.itemIds.length} values), 0 where the ${col} did not rate it`,
    output: `the same shape: the predicted rating of the ${row} by every ${col}, in the order of ${col}Ids, not clipped. For user u and item i (their places in userIds and itemIds): feed ${row} ${row[0]}'s row, read value ${col[0]} of its output.`,
    unrated: 0,
    userIds: Array.from(n.userIds),
    itemIds: Array.from(n.itemIds),
    ratingRange: [n.ratingMin, n.ratingMax],
    clipped: false,
    layers: n.layers.map((l) => ({ name: l.name, inputs: l.inputs, units: l.units, activation: KERAS_ACTIVATION[l.activation] })),
    keptEpoch: n.kept.epoch,
    validRmse: finiteOrNull(n.kept.validRmse),
    testRmse: finiteOrNull(n.kept.testRmse),
    data: n.data,
    settings: c,
    notes: [
      "The ratings are not included: the app's own predictions come from the training ratings as input rows (the model file holds them, unless saved without).",
      `A ${col} or ${row} without training ratings is predicted by the app from a baseline (damped user and item means), not by this network.`,
      'The app clips predictions to ratingRange to show them and to measure RMSE, and ranks recommendations by the unclipped output.',
      ...(kernelized ? ["AutoRec+'s local kernels are applied: each kernel here is the layer's weight times its kernel (W ⊙ K), as the model computes it."] : []),
    ],
  };
}

/** JSON a person reads: one field a line, but a list of numbers (the ids) on one line. */
const readableJson = (x: object) => JSON.stringify(x, null, 1).replace(/\[[-\d.,e\s]+\]/g, (list) => list.replace(/\s+/g, ''));

/**
 * A network's export: model.json + weights.bin (tfjs's own save of a Sequential of its dense layers) and autorec.json.
 * The layers must chain from the input columns back to them (an internal mistake otherwise: it throws).
 */
export async function networkFiles(n: NetworkExport): Promise<LayersExport> {
  const cols = n.config.variant === 'I' ? n.userIds.length : n.itemIds.length;
  n.layers.forEach((l, k) => {
    const from = k === 0 ? cols : n.layers[k - 1].units;
    if (l.inputs !== from || l.kernel.length !== l.inputs * l.units || l.bias.length !== l.units) throw new Error(`layer ${l.name}: ${l.inputs} x ${l.units} does not follow ${from} inputs`);
  });
  if (n.layers.at(-1)?.units !== cols) throw new Error(`the output has ${n.layers.at(-1)?.units} units, the input ${cols}`);
  const model = sequentialOf(n.layers);
  try {
    const info = infoOf(n);
    return { files: { ...(await savedFiles(model)), 'autorec.json': strToU8(readableJson(info)) }, info };
  } finally {
    model.dispose();
  }
}

/** The ids and name of the data a trainer was trained on (a Dataset has them). */
export interface ExportData {
  readonly userIds: Int32Array;
  readonly itemIds: Int32Array;
  readonly source: string;
}

/** A trainer's kept model (what it serves) exported, or why it cannot be. */
export async function exportTrainer(trainer: Trainer, data: ExportData): Promise<Exported<LayersExport>> {
  const config = trainer.trainConfig;
  const layers = await denseLayersOf(trainer.servingModel, config);
  if (!layers.ok) return layers;
  const { ratingMin, ratingMax } = trainer.trainData;
  const { epoch, validRmse, testRmse } = trainer.selection;
  const value = await networkFiles({ config, layers: layers.value, userIds: data.userIds, itemIds: data.itemIds, ratingMin, ratingMax, kept: { epoch, validRmse, testRmse }, data: data.source });
  return { ok: true, value };
}

/** blend.json: how the members' outputs make the blend's prediction. */
export interface BlendJson {
  format: typeof BLEND_FORMAT;
  version: 1;
  prediction: string;
  weights: number[];
  intercept: number;
  ratingRange: [number, number];
  clipped: true;
  members: { folder: string; model: string; variant: Variant; settings: TrainConfig; keptEpoch: number; testRmse: number | null }[];
}

/**
 * A blend's export: each member's files in its own folder (member-1/model.json, ...) and blend.json (the weights and
 * intercept, the members' folders and settings, the range the blend is clipped to). Refused when the members are not
 * of one data set or the weights do not match them.
 */
export function blendFiles(members: readonly LayersExport[], blend: { readonly weights: readonly number[]; readonly intercept: number }): Exported<ExportFiles> {
  if (members.length === 0) return { ok: false, error: 'A blend without members has nothing to export.' };
  if (blend.weights.length !== members.length) return { ok: false, error: `The blend has ${blend.weights.length} weights for ${members.length} members.` };
  const [lo, hi] = members[0].info.ratingRange;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, k) => x === b[k]);
  const first = members[0].info;
  if (members.some((m) => !same(m.info.ratingRange, [lo, hi]) || !same(m.info.userIds, first.userIds) || !same(m.info.itemIds, first.itemIds))) {
    return { ok: false, error: 'The members were not trained on the same data (their ids or rating scales differ).' };
  }
  const files: ExportFiles = {};
  const folder = (k: number) => `member-${k + 1}`;
  members.forEach((m, k) => {
    for (const [path, bytes] of Object.entries(m.files)) files[`${folder(k)}/${path}`] = bytes;
  });
  const json: BlendJson = {
    format: BLEND_FORMAT,
    version: 1,
    prediction: `clip(intercept + sum over k of weights[k] * member k's prediction, ${lo}, ${hi}); each member predicts as its folder's autorec.json says (I and U members read different rows)`,
    weights: [...blend.weights],
    intercept: blend.intercept,
    ratingRange: [lo, hi],
    clipped: true,
    members: members.map((m, k) => ({ folder: folder(k), model: m.info.model, variant: m.info.variant, settings: m.info.settings, keptEpoch: m.info.keptEpoch, testRmse: m.info.testRmse })),
  };
  files['blend.json'] = strToU8(readableJson(json));
  return { ok: true, value: files };
}

/** The files as one zip (weights stored: they barely compress; the JSON deflated). */
/** What serves as files: one network's export, or a blend's (every network's, and blend.json). */
export async function exportServed(networks: readonly Trainer[], blend: { readonly weights: readonly number[]; readonly intercept: number } | undefined, data: ExportData): Promise<Exported<ExportFiles>> {
  const parts: LayersExport[] = [];
  for (const [k, t] of networks.entries()) {
    const r = await exportTrainer(t, data);
    if (!r.ok) return networks.length === 1 ? r : { ok: false, error: `Member ${k + 1} of the blend: ${r.error}` };
    parts.push(r.value);
  }
  return blend ? blendFiles(parts, blend) : { ok: true, value: parts[0].files };
}

export function zipFiles(files: ExportFiles): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([p, v]) => [p, [v, { level: p.endsWith('.bin') ? 0 : 6 }]])));
}

/** The export's name, after the model file's: `ml-100k-I-AutoRec-h500-epoch50.zip` -> `ml-100k-I-AutoRec-h500-epoch50-tfjs.zip`. */
export function layersZipName(modelFile: string): string {
  return `${modelFile.replace(/\.zip$/i, '')}-tfjs.zip`;
}
