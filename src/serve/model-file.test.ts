import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../config/config';
import { SMALL_CONFIG, titledDemo } from '../testing/serving-fixtures';
import { MODEL_FORMAT } from './model-file';
import { decodeNetwork } from './model-file-read';
import { encodeModel } from './model-file-write';
import { recommendNamed } from './recommend-named';
import { servedNetwork } from './served';
import { setupRun } from '../train/setup-run';
import { captureModel, openModel } from './saved-model';
import type { EpochStats } from '../train/metrics';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config: TrainConfig = { ...SMALL_CONFIG, epochs: 6 };
const data = titledDemo;

/** A run trained `epochs` epochs on `backend`, saved into model-file bytes. */
async function trainedFile(c: TrainConfig, epochs: number) {
  const dataset = data();
  const setup = setupRun(dataset, c, { backend: tf.getBackend() as 'cpu' | 'wasm' });
  const stats: EpochStats[] = [];
  for (let e = 0; e < epochs; e++) stats.push(await setup.trainer.trainEpoch());
  const bytes = encodeModel(await captureModel({ trainer: setup.trainer, config: c, dataset, split: setup.split, epochs: stats }));
  return { bytes, setup, dataset, stats };
}

describe('the model file', () => {
  it('opens to the same model: the same top 10 and predictions, ids, titles and kept epoch, without the ratings file', async () => {
    const { bytes, setup, dataset } = await trainedFile(config, 3);
    const opened = decodeNetwork(bytes, 'm.zip');
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.model.state.epoch).toBe(3);
    expect(opened.model.state.selected).toEqual(setup.trainer.selection);
    const m = await openModel(opened.model, 'cpu', 'm.zip');
    expect(m.dataset.source).toContain('model file');
    expect([...m.dataset.userIds]).toEqual([...dataset.userIds]);
    expect(m.dataset.titles).toEqual(dataset.titles);
    for (const user of [dataset.userIds[0], dataset.userIds[7]]) {
      const a = await recommendNamed(servedNetwork(setup.trainer), setup.split, dataset, user);
      const b = await recommendNamed(servedNetwork(m.trainer), m.split, m.dataset, user);
      if (!a.ok || !b.ok) throw new Error('no recommendations');
      expect(b.result.top.map((r) => r.title)).toEqual(a.result.top.map((r) => r.title));
      b.result.top.forEach((r, k) => expect(r.predicted).toBeCloseTo(a.result.top[k].predicted, 5));
      expect(b.result.heldOut.map((r) => r.item).sort()).toEqual(a.result.heldOut.map((r) => r.item).sort());
    }
    setup.trainer.dispose();
    m.trainer.dispose();
  });

  it('saved without its training state: smaller, the same recommendations, not resumable', async () => {
    const dataset = data();
    const c = { ...config, hidden: 64 };
    const setup = setupRun(dataset, c, { backend: 'cpu' });
    const stats: EpochStats[] = [];
    for (let e = 0; e < 2; e++) stats.push(await setup.trainer.trainEpoch());
    const saved = await captureModel({ trainer: setup.trainer, config: c, dataset, split: setup.split, epochs: stats });
    const [full, light] = [encodeModel(saved), encodeModel(saved, { trainingState: false })];
    expect(light.length).toBeLessThan(full.length * 0.6);
    const opened = decodeNetwork(light);
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.model.resumable).toBe(false);
    expect(opened.model.state.optimizer.slots).toEqual([]);
    const m = await openModel(opened.model, 'cpu');
    const [a, b] = [await setup.trainer.predictUser(3), await m.trainer.predictUser(3)];
    expect([...b]).toEqual([...a]);
    setup.trainer.dispose();
    m.trainer.dispose();
  });

  it('refuses a truncated, corrupt or foreign file with a message naming what is wrong', async () => {
    const { bytes, setup } = await trainedFile(config, 1);
    setup.trainer.dispose();
    const error = (b: Uint8Array) => {
      const r = decodeNetwork(b, 'x.zip');
      return r.ok ? 'opened' : r.error;
    };
    expect(error(bytes.slice(0, Math.floor(bytes.length / 2)))).toMatch(/^x\.zip: not a zip archive, or a truncated one/);
    expect(error(strToU8('user,item,rating\n1,2,3\n'))).toMatch(/not a zip archive/);
    const files = unzipSync(bytes);
    const rezip = (f: Record<string, Uint8Array>) => zipSync(f);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Record<string, unknown>;
    const withManifest = (m: object) => rezip({ ...files, 'manifest.json': strToU8(JSON.stringify(m)) });
    expect(error(rezip({ 'ratings.csv': strToU8('1,2,3') }))).toMatch(/without manifest\.json: not an AutoRec Studio model file/);
    expect(error(withManifest({ ...manifest, format: 'keras' }))).toMatch(`format "keras", not "${MODEL_FORMAT}"`);
    expect(error(withManifest({ ...manifest, version: 3 }))).toMatch(/version 3; this app reads versions 1 to 2 \(saved by a newer AutoRec Studio\)/);
    // a version 1 file (before blends) still opens
    expect(error(withManifest({ ...manifest, version: 1, kind: undefined }))).toBe('opened');
    expect(error(withManifest({ ...manifest, config: { ...(manifest.config as object), hidden: -3 } }))).toMatch(/settings are not valid/);
    // a weight blob cut short: its length no longer matches the manifest
    expect(error(rezip({ ...files, 'weights/kept/0.f32': files['weights/kept/0.f32'].slice(0, 40) }))).toMatch(/weights\/kept\/0\.f32 holds 40 bytes, the manifest says \d+ \(the file is truncated or damaged\)/);
    const { ['optimizer/1.f32']: _gone, ...noSlot } = files;
    expect(error(rezip(noSlot))).toMatch(/optimizer\/1\.f32 is missing/);
    const badCol = files['ratings/train.col.i32'].slice();
    new Int32Array(badCol.buffer)[0] = 9999;
    expect(error(rezip({ ...files, 'ratings/train.col.i32': badCol }))).toMatch(/names item 9999, beyond the 36 items/);
    // corrupt bytes inside a deflated member: the zip's checksum or inflate fails
    const flipped = bytes.slice();
    const at = flipped.length - 200;
    for (let k = at; k < at + 40; k++) flipped[k] ^= 0xff;
    expect(error(flipped)).not.toBe('opened');
  });
});

describe('continuing a saved model', () => {
  // Optimizer moments and step, the batch order and dropout all continue: no bump in the loss.
  it.each([
    ['cpu', 'adam', 'I', 0],
    ['cpu', 'rmsprop', 'U', 0],
    ['wasm', 'adam', 'I', 0],
    ['cpu', 'adam', 'I', 0.7],
    ['wasm', 'adam', 'I', 0.7],
  ] as const)('on %s with %s (%s-AutoRec, weight averaging %s): epochs 4-5 after reopening equal the uninterrupted run', async (backend, optimizer, variant, average) => {
    await tf.setBackend(backend);
    const c: TrainConfig = { ...config, optimizer, variant, dropout: 0.1, average };
    const whole = await trainedFile(c, 5);
    whole.setup.trainer.dispose();
    const part = await trainedFile(c, 3);
    part.setup.trainer.dispose();
    const opened = decodeNetwork(part.bytes);
    if (!opened.ok) throw new Error(opened.error);
    const m = await openModel(opened.model, backend);
    const resumed = [await m.trainer.trainEpoch(), await m.trainer.trainEpoch()];
    m.trainer.dispose();
    resumed.forEach((s, k) => {
      const u = whole.stats[3 + k];
      expect(s.epoch).toBe(u.epoch);
      expect(Math.abs(s.trainLoss - u.trainLoss) / u.trainLoss, `epoch ${s.epoch} loss ${s.trainLoss} vs ${u.trainLoss}`).toBeLessThan(1e-4);
      expect(s.testRmse).toBeCloseTo(u.testRmse, 4);
    });
    await tf.setBackend('cpu');
  });

  it("saved on wasm (FusedAdam) continues on cpu (tf.train.adam) from the same moments: the two Adams share one layout", async () => {
    await tf.setBackend('wasm');
    const c: TrainConfig = { ...config, dropout: 0 };
    const whole = await trainedFile(c, 4);
    whole.setup.trainer.dispose();
    const part = await trainedFile(c, 3);
    part.setup.trainer.dispose();
    await tf.setBackend('cpu');
    const opened = decodeNetwork(part.bytes);
    if (!opened.ok) throw new Error(opened.error);
    const m = await openModel(opened.model, 'cpu');
    const s = await m.trainer.trainEpoch();
    m.trainer.dispose();
    const u = whole.stats[3];
    // the backends round differently (src/train/trainer-wasm.test.ts): close, where a fresh optimizer is 0.7% off
    expect(Math.abs(s.trainLoss - u.trainLoss) / u.trainLoss, `epoch 4 loss ${s.trainLoss} on cpu vs ${u.trainLoss} on wasm`).toBeLessThan(1e-3);
  });
});
