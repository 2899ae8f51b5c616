import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../config/config';
import { SMALL_CONFIG, titledDemo } from '../testing/serving-fixtures';
import { setupRun } from '../train/setup-run';
import { memberData, memberTrainer, servedBlend } from './blend-model';
import { decodeModel, decodeNetwork } from './model-file-read';
import { encodeCodes, encodeModel } from './model-file-write';
import { recommendNamed } from './recommend-named';
import { captureModel, codesToSave, openFile } from './saved-model';
import { servedNetwork, type Served } from './served';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config: TrainConfig = SMALL_CONFIG;
const dataset = titledDemo;

async function trained(c: TrainConfig) {
  const d = dataset();
  const setup = setupRun(d, c, { backend: 'cpu' });
  for (let e = 0; e < 3; e++) await setup.trainer.trainEpoch();
  return { d, setup };
}

/** The same user's top 10 from two models: the same items in the same order, the same scores. */
async function sameTop(a: Served, b: Served, split: Parameters<typeof recommendNamed>[1], splitB: Parameters<typeof recommendNamed>[1], d: Parameters<typeof recommendNamed>[2], user: number) {
  const [x, y] = [await recommendNamed(a, split, d, user), await recommendNamed(b, splitB, d, user)];
  if (!x.ok || !y.ok) throw new Error('no recommendations');
  expect(y.result.top.map((r) => r.title)).toEqual(x.result.top.map((r) => r.title));
  y.result.top.forEach((r, k) => expect(r.score).toBeCloseTo(x.result.top[k].score, 4));
  return y.result;
}

describe('a model saved without its ratings', () => {
  for (const variant of ['I', 'U'] as const) {
    it(`holds no rating, recommends the same top 10 (${variant}-AutoRec), shows no held-out ratings, and cannot be trained further`, async () => {
      const { d, setup } = await trained({ ...config, variant });
      const served = servedNetwork(setup.trainer);
      const bytes = encodeCodes(await codesToSave({ served, dataset: d, split: setup.split, config: setup.trainer.trainConfig, about: `${variant}-AutoRec, kept epoch 3`, testRmse: 1 }));
      const full = encodeModel(await captureModel({ trainer: setup.trainer, config, dataset: d, split: setup.split, epochs: [] }));
      expect(bytes.length).toBeLessThan(full.length);
      const names = Object.keys(unzipSync(bytes));
      expect(names.filter((n) => n.startsWith('ratings/')), 'no rating values').toEqual([]);
      expect(names).toContain('seen/train.col.i32');
      const opened = decodeModel(bytes, 'n.zip');
      if (!opened.ok) throw new Error(opened.error);
      expect(opened.model.kind).toBe('codes');
      const m = await openFile(opened.model, 'cpu', 'n.zip');
      expect(m.dataset.ratings.ratings.length, 'the data it brings has no ratings').toBe(0);
      expect(m.dataset.notes?.[0]).toContain('saved without its ratings');
      for (const user of [d.userIds[0], d.userIds[7]]) {
        const r = await sameTop(served, m.served, setup.split, m.split, d, user);
        expect(r.heldOut).toEqual([]);
        expect(r.top.every((x) => x.because === undefined || x.because.length === 0)).toBe(true);
      }
      const asNetwork = decodeNetwork(bytes, 'n.zip');
      expect(asNetwork.ok ? '' : asNetwork.error).toMatch(/saved without its ratings: it recommends, but cannot be trained further/);
      m.dispose();
      setup.trainer.dispose();
    });
  }

  it('a blend of I- and U-AutoRec: the same top 10 as the blend with its ratings', async () => {
    const d = dataset();
    const runs = [setupRun(d, config, { backend: 'cpu' }), setupRun(d, { ...config, variant: 'U', seed: 1 }, { backend: 'cpu' })];
    for (const r of runs) for (let e = 0; e < 3; e++) await r.trainer.trainEpoch();
    const dims = { numUsers: d.numUsers, numItems: d.numItems, ratingMin: d.ratingMin, ratingMax: d.ratingMax };
    const blend = { weights: [0.7, 0.45], intercept: -0.2, fitted: true };
    const nets = await Promise.all(
      runs.map(async (r, k) =>
        memberTrainer({ trial: k + 1, config: r.trainer.trainConfig, params: await r.trainer.servingWeights(), stage: 'local', epoch: 3, validRmse: NaN }, memberData(runs[0].split, dims, r.trainer.trainConfig.variant, false)),
      ),
    );
    const served = servedBlend(nets, blend, dims);
    const bytes = encodeCodes(await codesToSave({ served, blend, dataset: d, split: runs[0].split, config, about: "Tune's blend of 2 networks", testRmse: 1 }));
    const opened = decodeModel(bytes);
    if (!opened.ok) throw new Error(opened.error);
    const m = await openFile(opened.model, 'cpu');
    await sameTop(served, m.served, runs[0].split, m.split, d, d.userIds[3]);
    m.dispose();
    [...nets, ...runs.map((r) => r.trainer)].forEach((t) => t.dispose());
  });

  it('is refused, with why, for a model whose predictions read the ratings at every step (an AutoRec+ ensemble)', async () => {
    const { d, setup } = await trained({ ...config, model: 'plus', members: 2, kernelDim: 3 });
    await expect(codesToSave({ served: servedNetwork(setup.trainer), dataset: d, split: setup.split, config, about: '', testRmse: NaN })).rejects.toThrow(/cannot be saved without its ratings/);
    setup.trainer.dispose();
  });
});
