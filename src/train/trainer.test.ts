import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, OPTIMIZERS, type TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { tinyTrainData } from '../testing/trainers';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config: TrainConfig = { ...D2L_DEFAULTS, hidden: 16, batchSize: 16, epochs: 3, learningRate: 0.01 };

async function curve(c: TrainConfig, epochs: number, data = tinyTrainData(c.variant)) {
  const trainer = new Trainer(data, c);
  const stats = [];
  const tensors = [];
  for (let e = 0; e < epochs; e++) {
    stats.push(await trainer.trainEpoch());
    tensors.push(tf.memory().numTensors);
  }
  trainer.dispose();
  return { stats, tensors };
}

it('learns: training loss falls, RMSE and MAE are finite, the kept epoch is chosen on validation', async () => {
  const { stats } = await curve(config, 6);
  expect(stats.map((s) => s.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(stats[5].trainLoss).toBeLessThan(stats[0].trainLoss * 0.5);
  for (const s of stats) {
    for (const v of [s.testRmse, s.testMae, s.trainRmse, s.validRmse, s.validMae]) expect(Number.isFinite(v)).toBe(true);
    expect(s.testMae).toBeLessThanOrEqual(s.testRmse + 1e-9);
    expect(s.learningRate).toBe(config.learningRate);
  }
  const best = stats.reduce((b, s) => (s.validRmse < b.validRmse ? s : b));
  expect(stats[5].selectedEpoch).toBe(best.epoch);
  expect(stats[5].selectedValidRmse).toBe(best.validRmse);
  expect(stats[5].selectedTestRmse, 'the reported figure is test RMSE at the validation-selected epoch').toBe(best.testRmse);
});

it('without a validation share keeps the last epoch', async () => {
  const { stats } = await curve(config, 3, tinyTrainData('I', 60, 40, 900, 0));
  for (const s of stats) {
    expect(s.validRmse).toBeNaN();
    expect(s.selectedEpoch).toBe(s.epoch);
    expect(s.selectedTestRmse).toBe(s.testRmse);
  }
});

it('keeps the tensor count flat across epochs', async () => {
  const before = tf.memory().numTensors;
  const { tensors } = await curve({ ...config, extraLayers: 1, optimizer: 'rmsprop' }, 4);
  expect(tensors.slice(1), `tensors per epoch: ${tensors}`).toEqual(tensors.slice(1).map(() => tensors[1]));
  expect(tf.memory().numTensors).toBe(before);
});

it('gives the same curve for the same seed and a different one for another seed', async () => {
  const a = (await curve(config, 3)).stats.map((s) => s.testRmse);
  const b = (await curve(config, 3)).stats.map((s) => s.testRmse);
  const c = (await curve({ ...config, seed: 9 }, 3)).stats.map((s) => s.testRmse);
  expect(b).toEqual(a);
  expect(c).not.toEqual(a);
});

it.each(OPTIMIZERS)('trains with %s', async (optimizer) => {
  const { stats } = await curve({ ...config, optimizer, learningRate: optimizer === 'momentum' ? 0.001 : 0.01 }, 4);
  expect(stats[3].trainLoss).toBeLessThan(stats[0].trainLoss);
});

it.each(ACTIVATIONS)('trains U-AutoRec with a %s encoder', async (encoder) => {
  const { stats } = await curve({ ...config, variant: 'U', encoder }, 2);
  expect(Number.isFinite(stats[1].testRmse)).toBe(true);
});

it.each(['I', 'U'] as const)('%s-AutoRec predicts one user over all items and recommends only unseen ones', async (variant) => {
  const data = tinyTrainData(variant);
  const trainer = new Trainer(data, { ...config, variant });
  await trainer.trainEpoch();
  const { recommendFor } = await import('../serve/recommend');
  const { servedNetwork } = await import('../serve/served');
  const numItems = variant === 'I' ? data.train.rows : data.train.cols;
  const scores = await trainer.predictUser(3);
  expect(scores.length).toBe(numItems);
  for (const s of scores) expect(s).toBeGreaterThanOrEqual(1);
  const before = tf.memory().numTensors;
  const split = { train: { users: Int32Array.of(3, 3), items: Int32Array.of(0, 1), ratings: Float32Array.of(4, 5) }, test: { users: Int32Array.of(3), items: Int32Array.of(2), ratings: Float32Array.of(3) } };
  const rec = await recommendFor(servedNetwork(trainer), split, 3, 5);
  expect(tf.memory().numTensors).toBe(before);
  expect(rec.top).toHaveLength(5);
  expect(rec.top.map((r) => r.item)).not.toContain(0);
  expect(rec.top.map((r) => r.item)).not.toContain(1);
  const raw = await trainer.predictUser(3, true);
  expect(rec.heldOut).toEqual([{ item: 2, predicted: scores[2], score: raw[2], actual: 3 }]);
  // ranked by the unclipped score; shown clipped
  for (let k = 1; k < 5; k++) expect(rec.top[k - 1].score).toBeGreaterThanOrEqual(rec.top[k].score);
  for (const r of rec.top) expect(r.predicted).toBe(scores[r.item]);
  trainer.dispose();
});

it('takes no checkpoint by default where no device can be lost (cpu, wasm), and one where asked', async () => {
  const data = tinyTrainData('I');
  const plain = new Trainer(data, config);
  const asked = new Trainer(data, config, { checkpoints: true });
  await plain.trainEpoch();
  await asked.trainEpoch();
  expect(tf.getBackend()).toBe('cpu');
  expect(plain.checkpoint).toBeUndefined();
  expect(asked.checkpoint?.epoch).toBe(1);
  plain.dispose();
  asked.dispose();
});

it('checkpoints the weights with the epoch readback and resumes from them in a new trainer', async () => {
  const data = tinyTrainData('I');
  const a = new Trainer(data, config, { checkpoints: true });
  await a.trainEpoch();
  const second = await a.trainEpoch();
  const cp = a.checkpoint!;
  expect(cp.epoch).toBe(2);
  expect(cp.selected.testRmse).toBe(second.selectedTestRmse);
  const b = new Trainer(data, { ...config, seed: 77 });
  b.restore(cp);
  expect(Array.from(await b.predictUser(5))).toEqual(Array.from(await a.predictUser(5)));
  const next = await b.trainEpoch();
  expect(next.epoch).toBe(3);
  expect(next.selectedValidRmse).toBeLessThanOrEqual(cp.selected.validRmse);
  a.dispose();
  b.dispose();
});

describe.each(['I', 'U'] as const)('%s-AutoRec sparse path with dropout on', (variant) => {
  // The dropout mask is drawn for the [batch, hidden] code from the same seed on both paths: the same mask.
  it.each(ACTIVATIONS)('matches the dense path epoch by epoch with a %s encoder and decoder (1e-5)', async (act) => {
    const c: TrainConfig = { ...config, variant, dropout: 0.3, encoder: act, decoder: act, learningRate: 0.003 };
    const data = tinyTrainData(variant);
    const dense = (await curve(c, 3, data)).stats;
    const sparse = (await curve({ ...c, compute: 'sparse' }, 3, data)).stats;
    for (let e = 0; e < 3; e++) {
      for (const k of ['trainLoss', 'trainRmse', 'validRmse', 'testRmse', 'testMae'] as const) {
        expect(Math.abs(sparse[e][k] - dense[e][k]) / dense[e][k], `epoch ${e + 1} ${k}`).toBeLessThan(1e-5);
      }
    }
  });
});

describe.each(['I', 'U'] as const)('%s-AutoRec sparse path', (variant) => {
  const exact: TrainConfig = { ...config, variant, dropout: 0, extraLayers: 1, encoder: 'elu', decoder: 'sigmoid', l2: 0.01 };
  it.each(OPTIMIZERS)('matches the dense path epoch by epoch (%s)', async (optimizer) => {
    const data = tinyTrainData(variant);
    const dense = (await curve({ ...exact, optimizer }, 3, data)).stats;
    const sparse = (await curve({ ...exact, optimizer, compute: 'sparse' }, 3, data)).stats;
    for (let e = 0; e < 3; e++) {
      for (const k of ['trainLoss', 'trainRmse', 'validRmse', 'validMae', 'testRmse', 'testMae'] as const) {
        expect(Math.abs(sparse[e][k] - dense[e][k]) / dense[e][k], `epoch ${e + 1} ${k}`).toBeLessThan(1e-5);
      }
    }
  });

  it('predicts a user like the dense path and keeps the tensor count flat', async () => {
    const data = tinyTrainData(variant);
    const a = new Trainer(data, exact);
    const b = new Trainer(data, { ...exact, compute: 'sparse' });
    const counts = [];
    for (let e = 0; e < 3; e++) {
      await a.trainEpoch();
      await b.trainEpoch();
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts.slice(1)).size).toBe(1);
    const [pa, pb] = [await a.predictUser(2), await b.predictUser(2)];
    pa.forEach((v, k) => expect(pb[k]).toBeCloseTo(v, 4));
    a.dispose();
    b.dispose();
  });
});

it('the sparse path never makes a batch x inputs block (the dense path does)', async () => {
  const data = tinyTrainData('I', 60, 40, 900);
  const c: TrainConfig = { ...config, hidden: 4, batchSize: 32 }; // weights (and their checkpoint) stay below one block
  const biggest = async (compute: TrainConfig['compute']) => {
    const t = new Trainer(data, { ...c, compute });
    const info = await tf.profile(async () => {
      await t.trainEpoch();
      return {};
    });
    t.dispose();
    return Math.max(...info.kernels.flatMap((k) => k.outputShapes.map((s) => s.reduce((a, b) => a * b, 1))));
  };
  const block = c.batchSize * data.train.cols;
  expect(await biggest('dense')).toBeGreaterThanOrEqual(block);
  expect(await biggest('sparse')).toBeLessThan(block);
});

/** Distinct Float32Arrays of at least `n` floats the trainer holds (its fields, and objects, arrays and maps in them; not its data). */
function heldArrays(t: Trainer, n: number): string[] {
  const found: string[] = [];
  const seen = new Set<Float32Array>();
  const walk = (v: unknown, path: string, depth: number) => {
    if (v instanceof Float32Array) {
      if (v.length >= n && !seen.has(v)) found.push(`${path} (${v.length})`);
      seen.add(v);
    } else if (v instanceof Map) {
      for (const [k, x] of v) if (depth < 4) walk(x, `${path}.${String(k)}`, depth + 1);
    } else if (v && typeof v === 'object' && depth < 4 && !(v instanceof tf.Tensor) && !ArrayBuffer.isView(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, depth + 1);
    }
  };
  for (const [k, v] of Object.entries(t)) if (k !== 'data') walk(v, k, 0);
  return found;
}

it('a sparse trainer holds no batch x inputs array; a dense one holds its host rows (input; training, test, validation targets)', async () => {
  const data = tinyTrainData('I', 60, 40, 900);
  const c: TrainConfig = { ...config, hidden: 4, batchSize: 32 }; // weights (and their checkpoint) stay below one block
  const block = c.batchSize * data.train.cols;
  const sparse = new Trainer(data, { ...c, compute: 'sparse' });
  const dense = new Trainer(data, { ...c, compute: 'dense' });
  expect(heldArrays(sparse, block), 'before training').toEqual([]);
  await sparse.trainEpoch();
  await sparse.predictUser(1);
  expect(heldArrays(sparse, block), 'after an epoch and a prediction').toEqual([]);
  await dense.trainEpoch();
  expect(heldArrays(dense, block)).toHaveLength(4);
  const noValid = new Trainer(tinyTrainData('I', 60, 40, 900, 0), { ...c, compute: 'dense', validRatio: 0 });
  await noValid.trainEpoch();
  expect(heldArrays(noValid, block), 'no validation share: input, training and test rows').toHaveLength(3);
  for (const t of [sparse, dense, noValid]) t.dispose();
});

describe('weight averaging', () => {
  const avg: TrainConfig = { ...config, average: 0.6 };

  it('evaluates A <- a A + (1 - a) W: the first epoch W itself, training itself unchanged', async () => {
    const data = tinyTrainData('I');
    const plain = new Trainer(data, config);
    const t = new Trainer(data, avg, { checkpoints: true });
    const p1 = await plain.trainEpoch();
    const a1 = await t.trainEpoch();
    const w1 = t.checkpoint!.params;
    expect(t.checkpoint!.averaged, 'the first epoch averages nothing yet').toEqual(w1);
    expect(a1.validRmse).toBe(p1.validRmse);
    const p2 = await plain.trainEpoch();
    const a2 = await t.trainEpoch();
    expect(a2.trainLoss, 'the steps train the current weights, as without averaging').toBe(p2.trainLoss);
    expect(a2.validRmse).not.toBe(p2.validRmse);
    const w2 = t.checkpoint!.params;
    const averaged = t.checkpoint!.averaged!;
    averaged.forEach((a, k) => a.forEach((v, i) => expect(v).toBeCloseTo(0.6 * w1[k][i] + 0.4 * w2[k][i], 6)));
    // the kept epoch's weights are the averaged ones: the serving model predicts with them
    if (a2.selectedEpoch === 2) expect(t.checkpoint!.kept).toBe(averaged);
    plain.dispose();
    t.dispose();
  });

  it('continues a saved state exactly (current, averaged and kept weights) and keeps the tensor count flat', async () => {
    const data = tinyTrainData('I');
    const before = tf.memory().numTensors;
    const whole = new Trainer(data, avg);
    const stats = [];
    for (let e = 0; e < 5; e++) stats.push(await whole.trainEpoch());
    const first = new Trainer(data, avg);
    for (let e = 0; e < 3; e++) await first.trainEpoch();
    const state = await first.saveState();
    expect(state.averaged).toHaveLength(state.params.length);
    first.dispose();
    const resumed = new Trainer(data, avg);
    await resumed.loadState(state);
    const more = [await resumed.trainEpoch(), await resumed.trainEpoch()];
    expect(more.map((s) => s.validRmse)).toEqual(stats.slice(3).map((s) => s.validRmse));
    expect(more.map((s) => s.selectedTestRmse)).toEqual(stats.slice(3).map((s) => s.selectedTestRmse));
    whole.dispose();
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('train RMSE only when asked for', () => {
  it("off: the same training (loss to the bit), train RMSE the steps' own where dropout is 0, else not measured; on again from the next epoch", async () => {
    for (const dropout of [0, 0.2]) {
      const data = tinyTrainData('I');
      const c: TrainConfig = { ...D2L_DEFAULTS, hidden: 16, batchSize: 16, learningRate: 0.01, dropout };
      const [on, off] = [new Trainer(data, c), new Trainer(data, c, { trainRmse: false })];
      const a = [await on.trainEpoch(), await on.trainEpoch()];
      const b = [await off.trainEpoch(), await off.trainEpoch()];
      expect(b.map((s) => s.trainLoss)).toEqual(a.map((s) => s.trainLoss));
      expect(b.map((s) => s.validRmse)).toEqual(a.map((s) => s.validRmse));
      expect(a.every((s) => s.trainRmseFrom === 'evaluation' && Number.isFinite(s.trainRmse))).toBe(true);
      if (dropout === 0) {
        b.forEach((s) => expect(s.trainRmse).toBeCloseTo(Math.sqrt(s.trainLoss), 10));
        expect(b[0].trainRmseFrom).toBe('steps');
      } else {
        expect(b.every((s) => Number.isNaN(s.trainRmse) && s.trainRmseFrom === undefined)).toBe(true);
      }
      off.setTrainRmse(true);
      const c3 = await off.trainEpoch();
      expect(c3.trainRmseFrom).toBe('evaluation');
      expect(c3.trainRmse).toBe((await on.trainEpoch()).trainRmse);
      on.dispose();
      off.dispose();
    }
  });
});
