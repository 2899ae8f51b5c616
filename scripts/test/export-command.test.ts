import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, expect, it } from 'vitest';
import { generateDemo, toUDataText } from '../../src/data/demo';
import { commandLines } from '../lib/command-lines';

const dir = mkdtempSync(join(tmpdir(), 'autorec-export-'));
const data = join(dir, 'u.data');
const model = join(dir, 'model.zip');
writeFileSync(data, toUDataText(generateDemo({ users: 40, items: 30, ratings: 700, seed: 5 })));

beforeAll(async () => {
  await tf.setBackend('cpu');
  commandLines('train.ts', [data, '--hidden', '6', '--epochs', '2', '--backend', 'cpu', '--json', '--save', model]);
}, 120_000);

it('export writes model.json, weights.bin and autorec.json: beside the model as -tfjs.zip, or into a folder', async () => {
  const [zipped] = commandLines('export.ts', [model, '--backend', 'cpu', '--json']);
  expect(zipped).toMatchObject({ out: join(dir, 'model-tfjs.zip'), zip: true, model: 'I-AutoRec', keptEpoch: expect.any(Number) });
  const files = unzipSync(new Uint8Array(readFileSync(join(dir, 'model-tfjs.zip'))));
  expect(Object.keys(files).sort()).toEqual(['autorec.json', 'model.json', 'weights.bin']);

  const folder = join(dir, 'tfjs');
  const [plain] = commandLines('export.ts', [model, '--out', folder, '--backend', 'cpu', '--json']);
  expect(plain).toMatchObject({ out: folder, zip: false });
  expect(readdirSync(folder).sort()).toEqual(['autorec.json', 'model.json', 'weights.bin']);
  for (const name of readdirSync(folder)) expect(readFileSync(join(folder, name)), name).toEqual(Buffer.from(files[name]));
  // loads as tf.loadLayersModel loads a served folder: model.json, then the weights its manifest names
  const json = JSON.parse(strFromU8(files['model.json'])) as tf.io.ModelJSON;
  const loaded = await tf.loadLayersModel({ load: () => tf.io.getModelArtifactsForJSON(json, async (m) => [m.flatMap((g) => g.weights), files['weights.bin'].slice().buffer]) });
  const info = JSON.parse(strFromU8(files['autorec.json'])) as { userIds: number[]; layers: { units: number }[] };
  expect(loaded.inputs[0].shape).toEqual([null, info.userIds.length]);
  expect(loaded.outputs[0].shape).toEqual([null, info.userIds.length]);
  expect(loaded.layers.map((l) => (l.getConfig() as { units: number }).units)).toEqual(info.layers.map((l) => l.units));
  loaded.dispose();
}, 120_000);

it('export refuses an AutoRec+ ensemble with the reason, status 2', () => {
  const ensemble = join(dir, 'ensemble.zip');
  commandLines('train.ts', [data, '--model', 'plus', '--members', '2', '--hidden', '6', '--epochs', '1', '--backend', 'cpu', '--json', '--save', ensemble]);
  let err = '';
  let status = 0;
  try {
    execFileSync('npx', ['tsx', 'scripts/export.ts', ensemble, '--backend', 'cpu'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    err = String((e as { stderr?: string }).stderr);
    status = (e as { status?: number }).status ?? 0;
  }
  expect(status).toBe(2);
  expect(err).toMatch(/ensemble\.zip: Cannot export as a TensorFlow\.js model: this AutoRec\+ model averages 2 networks/);
}, 120_000);
