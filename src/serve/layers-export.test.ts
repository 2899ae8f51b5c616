import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, expect, it } from 'vitest';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS, withPlusDefaults } from '../config/settings';
import { densifyRows } from '../data/csr';
import { tinyTrainData } from '../testing/trainers';
import { Trainer } from '../train/trainer';
import { blendFiles, exportTrainer, layersZipName, zipFiles, type AutoRecJson, type BlendJson, type ExportFiles, type LayersExport } from './layers-export';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base: TrainConfig = { ...D2L_DEFAULTS, hidden: 12, batchSize: 16, learningRate: 0.01, epochs: 3, validRatio: 0.1 };
const ids = (n: number, from: number) => Int32Array.from({ length: n }, (_, k) => from + 7 * k);

/** Reads the export as tf.loadLayersModel reads a served folder: model.json, then the files its manifest names. */
function loadFrom(files: ExportFiles, folder = ''): Promise<tf.LayersModel> {
  const json = JSON.parse(strFromU8(files[`${folder}model.json`])) as tf.io.ModelJSON;
  const handler: tf.io.IOHandler = {
    load: () =>
      tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const parts = manifest.flatMap((g) => g.paths.map((p) => files[`${folder}${p}`]));
        return [manifest.flatMap((g) => g.weights), tf.io.concatenateArrayBuffers(parts.map((b) => b.slice().buffer))];
      }),
  };
  return tf.loadLayersModel(handler);
}

/** A trained tiny model and its export (users 100, 107, ... and items 5000, 5007, ... as raw ids). */
async function trainAndExport(c: TrainConfig, epochs = 3) {
  const data = tinyTrainData(c.variant, 60, 40, 900, c.validRatio);
  const t = new Trainer(data, c);
  for (let e = 0; e < epochs; e++) await t.trainEpoch();
  const numUsers = c.variant === 'I' ? data.train.cols : data.train.rows;
  const numItems = c.variant === 'I' ? data.train.rows : data.train.cols;
  const r = await exportTrainer(t, { userIds: ids(numUsers, 100), itemIds: ids(numItems, 5000), source: 'tiny.data' });
  return { t, data, r, numUsers, numItems };
}

/** The loaded network's output for every input row (the training matrix's rows, densified): [rows, cols]. */
async function outputs(model: tf.LayersModel, train: ReturnType<typeof tinyTrainData>['train']): Promise<Float32Array> {
  const x = tf.tensor2d(densifyRows(train, Int32Array.from({ length: train.rows }, (_, k) => k), new Float32Array(train.rows * train.cols)), [train.rows, train.cols]);
  const y = model.predict(x) as tf.Tensor;
  const out = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  return out;
}

/** Largest difference between the loaded network and the trainer's own unclipped predictions, over every user and item. */
async function largestGap(t: Trainer, out: Float32Array, byItem: boolean, numUsers: number, numItems: number): Promise<number> {
  let gap = 0;
  for (let u = 0; u < numUsers; u++) {
    const own = await t.predictUser(u, true);
    for (let i = 0; i < numItems; i++) gap = Math.max(gap, Math.abs(own[i] - (byItem ? out[i * numUsers + u] : out[u * numItems + i])));
  }
  return gap;
}

const cases: { name: string; config: TrainConfig }[] = [
  { name: 'I-AutoRec, dense', config: { ...base, variant: 'I', compute: 'dense' } },
  { name: 'I-AutoRec, sparse', config: { ...base, variant: 'I', compute: 'sparse' } },
  { name: 'U-AutoRec, dense', config: { ...base, variant: 'U', compute: 'dense' } },
  { name: 'U-AutoRec, sparse', config: { ...base, variant: 'U', compute: 'sparse' } },
  { name: 'I-AutoRec, 2 extra layers, elu and selu, sparse', config: { ...base, variant: 'I', compute: 'sparse', extraLayers: 2, encoder: 'elu', decoder: 'selu' } },
  { name: 'U-AutoRec, 1 extra layer, tanh and relu, weights averaged, dense', config: { ...base, variant: 'U', compute: 'dense', extraLayers: 1, encoder: 'tanh', decoder: 'relu', average: 0.5 } },
  { name: 'I-AutoRec+ (kernelized, local stage), sparse', config: { ...withPlusDefaults({ ...base, variant: 'I', compute: 'sparse' }), hidden: 12, batchSize: 16, learningRate: 0.01, epochs: 3 } },
];

for (const { name, config } of cases) {
  it(`the export loads with tf.loadLayersModel and predicts what the trainer predicts (${name})`, async () => {
    const { t, data, r, numUsers, numItems } = await trainAndExport(config);
    if (!r.ok) throw new Error(r.error);
    const { files, info } = r.value;
    expect(Object.keys(files).sort()).toEqual(['autorec.json', 'model.json', 'weights.bin']);
    const json = JSON.parse(strFromU8(files['autorec.json'])) as AutoRecJson;
    expect(json).toEqual(JSON.parse(JSON.stringify(info)));
    const byItem = config.variant === 'I';
    expect(json).toMatchObject({ variant: config.variant, rows: byItem ? 'items' : 'users', unrated: 0, clipped: false, ratingRange: [1, 5], keptEpoch: t.selection.epoch });
    expect(json.userIds).toEqual(Array.from(ids(numUsers, 100)));
    expect(json.itemIds).toEqual(Array.from(ids(numItems, 5000)));
    expect(json.layers.map((l) => l.activation)).toEqual([...Array.from({ length: config.extraLayers + 1 }, () => config.encoder), config.decoder].map((a) => (a === 'identity' ? 'linear' : a)));
    expect(json.testRmse).toBeCloseTo(t.selection.testRmse, 6);

    const model = await loadFrom(files);
    expect(model.inputs[0].shape).toEqual([null, data.train.cols]);
    expect(model.layers.map((l) => l.name)).toEqual(json.layers.map((l) => l.name));
    const before = tf.memory().numTensors;
    const gap = await largestGap(t, await outputs(model, data.train), byItem, numUsers, numItems);
    expect(gap).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    t.dispose();
  }, 60_000);
}

it('an ensemble and a global-kernel stage are refused with a reason, not thrown', async () => {
  const plus = { ...withPlusDefaults({ ...base, variant: 'U', compute: 'dense' }), hidden: 8, batchSize: 16, epochs: 3 };
  const ensemble = await trainAndExport({ ...plus, members: 2 }, 1);
  expect(ensemble.r).toEqual({ ok: false, error: expect.stringMatching(/averages 2 networks .* 1 ensemble member/) });
  ensemble.t.dispose();
  // 2 epochs of pre-training, then the global stage; with no validation share the last epoch (a global one) is kept
  const global = await trainAndExport({ ...plus, globalEpochs: 1, validRatio: 0, patience: 0 }, 3);
  expect(global.t.servingModel.stage).toBe('global');
  expect(global.r).toEqual({ ok: false, error: expect.stringMatching(/global-kernel stage/) });
  global.t.dispose();
}, 60_000);

it('a blend is its members in folders and blend.json; the zip holds them; its name follows the model file', async () => {
  const members: LayersExport[] = [];
  for (const variant of ['I', 'U'] as const) {
    const { t, r } = await trainAndExport({ ...base, variant, compute: 'dense' }, 2);
    t.dispose();
    if (!r.ok) throw new Error(r.error);
    members.push(r.value);
  }
  const blend = blendFiles(members, { weights: [0.6, 0.5], intercept: -0.1 });
  if (!blend.ok) throw new Error(blend.error);
  const unzipped = unzipSync(zipFiles(blend.value));
  expect(Object.keys(unzipped).sort()).toEqual(['blend.json', ...['member-1', 'member-2'].flatMap((m) => ['autorec.json', 'model.json', 'weights.bin'].map((f) => `${m}/${f}`))]);
  const json = JSON.parse(strFromU8(unzipped['blend.json'])) as BlendJson;
  expect(json).toMatchObject({ weights: [0.6, 0.5], intercept: -0.1, ratingRange: [1, 5], clipped: true });
  expect(json.members.map((m) => [m.folder, m.variant])).toEqual([
    ['member-1', 'I'],
    ['member-2', 'U'],
  ]);
  // each member loads from its folder of the zip
  const second = await loadFrom(unzipped, 'member-2/');
  expect(second.outputs[0].shape).toEqual([null, members[1].info.itemIds.length]);
  second.dispose();
  expect(blendFiles(members, { weights: [1], intercept: 0 })).toEqual({ ok: false, error: 'The blend has 1 weights for 2 members.' });
  expect(layersZipName('ml-100k-I-AutoRec-h500-epoch50.zip')).toBe('ml-100k-I-AutoRec-h500-epoch50-tfjs.zip');
}, 60_000);
