import * as tf from '@tensorflow/tfjs';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../config/config';
import { SMALL_CONFIG, titledDemo } from '../testing/serving-fixtures';
import type { TuneResult } from '../config/tune-results';
import { setupRun } from '../train/setup-run';
import { memberData, memberTrainer, servedBlend, type BlendOfMembers } from './blend-model';
import { decodeModel, decodeNetwork } from './model-file-read';
import { encodeBlend } from './model-file-write';
import { recommendNamed } from './recommend-named';
import { topNForAllUsers } from './recommend';
import { blendToSave, openFile } from './saved-model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config: TrainConfig = SMALL_CONFIG;
const dataset = titledDemo;

/** Two networks (I- and U-AutoRec) trained on the same split, as a blend with fitted-looking weights. */
async function twoMembers() {
  const d = dataset();
  const runs = [setupRun(d, config, { backend: 'cpu' }), setupRun(d, { ...config, variant: 'U', seed: 1 }, { backend: 'cpu' })];
  for (const r of runs) for (let e = 0; e < 3; e++) await r.trainer.trainEpoch();
  const model: BlendOfMembers = {
    members: await Promise.all(
      runs.map(async (r, k) => ({ trial: k + 1, config: r.trainer.trainConfig, params: await r.trainer.servingWeights(), stage: 'local', epoch: r.trainer.selection.epoch, validRmse: r.trainer.selection.validRmse })),
    ),
    blend: { weights: [0.7, 0.45], intercept: -0.2, fitted: true },
    refit: false,
  };
  const result = { testRmse: 0.9, testNdcg10: NaN, members: [1, 2] } as unknown as TuneResult;
  return { d, runs, model, result, split: runs[0].split };
}

describe("Tune's blend as a model", () => {
  it('serves intercept + Σ weight × member prediction (unclipped), in one user and in blocks of users alike', async () => {
    const { d, runs, model } = await twoMembers();
    const dims = { numUsers: d.numUsers, numItems: d.numItems, ratingMin: d.ratingMin, ratingMax: d.ratingMax };
    const nets = model.members.map((m) => memberTrainer(m, memberData(runs[0].split, dims, m.config.variant, false)));
    const served = servedBlend(nets, model.blend, dims);
    const [a, b] = [await runs[0].trainer.predictUser(4, true), await runs[1].trainer.predictUser(4, true)];
    const got = await served.predictUser(4);
    got.forEach((x, i) => expect(x).toBeCloseTo(-0.2 + 0.7 * a[i] + 0.45 * b[i], 4));
    const blocks = served.scores();
    const block = await blocks.block(3, 2);
    blocks.dispose();
    for (let i = 0; i < d.numItems; i++) expect(block[d.numItems + i]).toBeCloseTo(got[i], 4);
    nets.forEach((t) => t.dispose());
    runs.forEach((r) => r.trainer.dispose());
  });

  it('saves as one file that opens to the same top 10 (and the same all-users lists); a network reader refuses it with why', async () => {
    const { d, runs, model, result, split } = await twoMembers();
    const bytes = encodeBlend(blendToSave({ dataset: d, split, config, model, result }));
    const dims = { numUsers: d.numUsers, numItems: d.numItems, ratingMin: d.ratingMin, ratingMax: d.ratingMax };
    const nets = model.members.map((m) => memberTrainer(m, memberData(split, dims, m.config.variant, false)));
    const before = servedBlend(nets, model.blend, dims);
    const opened = decodeModel(bytes, 'b.zip');
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.model.kind).toBe('blend');
    const m = await openFile(opened.model, 'cpu', 'b.zip');
    expect(m.dataset.notes?.[0]).toContain("Tune's result, a blend of 2 networks");
    for (const user of [d.userIds[0], d.userIds[9]]) {
      const [x, y] = [await recommendNamed(before, split, d, user), await recommendNamed(m.served, m.split, m.dataset, user)];
      if (!x.ok || !y.ok) throw new Error('no recommendations');
      expect(y.result.top.map((r) => r.title)).toEqual(x.result.top.map((r) => r.title));
      y.result.top.forEach((r, k) => expect(r.score).toBeCloseTo(x.result.top[k].score, 4));
      expect(y.result.top[0].because?.length).toBeGreaterThan(0);
    }
    const lists = async (s: typeof before, h: typeof split) => {
      const out: number[] = [];
      for await (const b of topNForAllUsers(s, h, { n: 5, blockFloats: 200 })) out.push(...b.items);
      return out;
    };
    expect(await lists(m.served, m.split)).toEqual(await lists(before, split));
    const asNetwork = decodeNetwork(bytes, 'b.zip');
    expect(asNetwork.ok ? '' : asNetwork.error).toMatch(/b\.zip: a blend of 2 networks \(Tune's result\): it recommends, but cannot be trained further/);
    m.dispose();
    nets.forEach((t) => t.dispose());
    runs.forEach((r) => r.trainer.dispose());
  });

  it('refuses a damaged blend with a message naming what is wrong', async () => {
    const { d, runs, model, result, split } = await twoMembers();
    runs.forEach((r) => r.trainer.dispose());
    const files = unzipSync(encodeBlend(blendToSave({ dataset: d, split, config, model, result })));
    const error = (f: Record<string, Uint8Array>) => {
      const r = decodeModel(zipSync(f), 'b.zip');
      return r.ok ? 'opened' : r.error;
    };
    expect(error(files)).toBe('opened');
    expect(error({ ...files, 'members/1/2.f32': files['members/1/2.f32'].slice(0, 8) })).toMatch(/members\/1\/2\.f32 holds 8 bytes/);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { blend: { weights: number[] } };
    const withManifest = (x: object) => error({ ...files, 'manifest.json': new TextEncoder().encode(JSON.stringify(x)) });
    expect(withManifest({ ...manifest, blend: { ...manifest.blend, weights: [1] } })).toMatch(/blend's weights should be 2 numbers/);
  });
});
