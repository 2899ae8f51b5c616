import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AutoRecPlus, memberSeed } from './autorec-plus';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { convolvedRows, globalKernel } from './global-kernel';
import { kernelized, localKernel } from './local-kernel';
import { InputRows } from './input-rows';
import { tinyTrainData } from '../testing/trainers';
import { Trainer } from '../train/trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base: TrainConfig = { ...D2L_DEFAULTS, hidden: 12, batchSize: 16, epochs: 4, learningRate: 0.01, l2: 0.1, threads: 1 };
const plus = (c: Partial<TrainConfig> = {}): TrainConfig => ({ ...base, model: 'plus', kernelDim: 3, kernelL2: 0.01, ...c });

/** A run's curve, through tfjs's ops (plain AutoRec would take the fused step, other arithmetic than AutoRec+'s ops). */
async function curve(c: TrainConfig, epochs = c.epochs) {
  const trainer = new Trainer(tinyTrainData(c.variant), c, { fusedStep: false });
  const stats = [];
  for (let e = 0; e < epochs; e++) stats.push(await trainer.trainEpoch());
  trainer.dispose();
  return stats.map(({ trainLoss, trainRmse, validRmse, testRmse, selectedEpoch, stage }) => ({ trainLoss, trainRmse, validRmse, testRmse, selectedEpoch, stage }));
}

describe.each(['sparse', 'dense'] as const)('with the kernel, the global stage and the ensemble off (%s)', (compute) => {
  it.each(['I', 'U'] as const)('%s-AutoRec+ is AutoRec exactly: the same curve, bit for bit', async (variant) => {
    const c = { ...base, variant, compute };
    const autorec = await curve(c);
    expect(await curve({ ...c, model: 'plus' })).toEqual(autorec);
    // and the switches do something: the kernel changes the curve
    expect(await curve({ ...c, model: 'plus', kernelDim: 3 })).not.toEqual(autorec);
  });
});

/**
 * Central differences of f against `grad` at the `entries` entries of v with the largest analytic gradient (a wrong
 * gradient shows there; an entry no rating reaches has 0 both ways): within 1% plus a small floor for f32 noise.
 */
async function checkGradient(name: string, v: tf.Variable, grad: tf.Tensor, f: () => number, entries = 6, eps = 5e-2, floor = 2e-3): Promise<number> {
  const g = await grad.data();
  const values = (await v.data()).slice() as Float32Array;
  const order = Array.from(g.keys()).sort((a, b) => Math.abs(g[b]) - Math.abs(g[a]));
  const checked = order.slice(0, entries).filter((k) => Math.abs(g[k]) > 10 * floor);
  for (const k of checked) {
    const at = (x: number) => {
      const w = values.slice();
      w[k] = x;
      v.assign(tf.tensor(w, v.shape));
      return f();
    };
    const numeric = (at(values[k] + eps) - at(values[k] - eps)) / (2 * eps);
    v.assign(tf.tensor(values, v.shape));
    expect(Math.abs(g[k] - numeric), `${name}[${k}]: analytic ${g[k]}, numeric ${numeric}`).toBeLessThanOrEqual(0.01 * Math.abs(numeric) + floor);
  }
  return checked.length;
}

describe('the kernelized layer', () => {
  it('is max(0, 1 - |u_i - v_j|^2), element by element', async () => {
    const u = tf.tensor2d([0, 0, 0.5, 0.5, 1, 1], [3, 2]);
    const v = tf.tensor2d([0, 0, 0.3, -0.4], [2, 2]);
    const k = await localKernel(u, v).array();
    expect(k[0][0]).toBeCloseTo(1, 6);
    expect(k[0][1]).toBeCloseTo(1 - 0.25, 6);
    expect(k[1][0]).toBeCloseTo(1 - 0.5, 6);
    expect(k[2][1]).toBe(0); // |(0.7, 1.4)|^2 = 2.45: cut
  });

  it("gradients in W, u, v and the bias match finite differences", async () => {
    const rnd = (shape: [number, number], s: number, seed: number) => tf.variable(tf.mul(tf.randomUniform(shape, -1, 1, 'float32', seed), s) as tf.Tensor2D);
    const x = tf.randomUniform([5, 6], 0, 5, 'float32', 1) as tf.Tensor2D;
    const w = rnd([6, 4], 0.5, 2);
    const u = rnd([6, 3], 0.3, 3);
    const v = rnd([4, 3], 0.3, 4);
    const b = tf.variable(tf.tensor1d([0.1, -0.2, 0.3, 0]));
    const loss = () => tf.sum(tf.square(tf.sigmoid(tf.add(tf.matMul(x, kernelized(w, u, v)), b)))) as tf.Scalar;
    const { grads } = tf.variableGrads(loss, [w, u, v, b]);
    const f = () => tf.tidy(() => loss().dataSync()[0]);
    for (const p of [w, u, v, b]) expect(await checkGradient(p.name, p, grads[p.name], f, 8), p.name).toBeGreaterThan(2);
  });

  it('trains through the sparse kernels: the whole objective of AutoRec+ (kernel, penalty, 2 layers) against finite differences', async () => {
    const data = tinyTrainData('I', 30, 20, 300);
    const c = plus({ hidden: 5, extraLayers: 1, kernelL2: 0.5, dropout: 0, compute: 'sparse' });
    const input = new InputRows(data.train, true);
    const model = AutoRecPlus.create(input, c, 7);
    // spread the kernel vectors so that the kernel is not ~1 everywhere, and the weights so that every layer passes gradients on
    model.params.forEach((p, k) => p.rank === 2 && p.assign(tf.randomUniform(p.shape, -0.4, 0.4, 'float32', 5 + k)));
    const ids = Int32Array.from([0, 3, 5, 7, 9, 11, 13, -1]);
    const where = input.block(ids);
    const vals = tf.tensor1d(where.val);
    // scaled down so that the objective is small and its f32 rounding stays far below the differences
    const objective = () => tf.mul(0.01, model.objective(ids, where, (pred) => tf.sum(tf.square(tf.sub(pred, vals))), 1).objective) as tf.Scalar;
    const { grads } = tf.variableGrads(objective, model.trained as tf.Variable[]);
    const f = () => tf.tidy(() => objective().dataSync()[0]);
    let checked = 0;
    for (const p of model.trained) checked += await checkGradient(p.name, p, grads[p.name], f, 4, 1e-2, 1e-4);
    expect(checked, 'entries with a gradient to check').toBeGreaterThan(20);
    model.dispose();
  });
});

describe('the global kernel', () => {
  it('convolves the rating matrix 3 x 3 with zero edges, then relu', async () => {
    const data = tinyTrainData('I', 12, 9, 60);
    const m = data.train;
    const k = Array.from({ length: 9 }, (_, i) => (i % 2 ? -0.5 : 0.3) + i * 0.05);
    const dense = (r: number, c: number) => {
      if (r < 0 || r >= m.rows || c < 0 || c >= m.cols) return 0;
      for (let e = m.rowPtr[r]; e < m.rowPtr[r + 1]; e++) if (m.colIdx[e] === c) return m.values[e];
      return 0;
    };
    const ids = Int32Array.from([0, 4, m.rows - 1, -1]);
    const kernel = tf.tensor2d(k, [1, 9]);
    const got = await convolvedRows(m, ids, kernel, new Float32Array(ids.length * 9 * m.cols)).array();
    ids.forEach((r, b) => {
      for (let c = 0; c < m.cols; c++) {
        let s = 0;
        if (r >= 0) for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) s += k[(dr + 1) * 3 + dc + 1] * dense(r + dr, c + dc);
        expect(got[b][c]).toBeCloseTo(Math.max(0, s), 5);
      }
    });
    // differentiable in the kernel (not through relu's flat side): against finite differences
    const kv = tf.variable(kernel);
    const weights = tf.randomUniform([ids.length, m.cols], 0, 1, 'float32', 9);
    const f = () => tf.sum(tf.mul(convolvedRows(m, ids, kv, new Float32Array(ids.length * 9 * m.cols)), weights)) as tf.Scalar;
    const { grads } = tf.variableGrads(f, [kv]);
    expect(await checkGradient('kernel', kv, grads[kv.name], () => tf.tidy(() => f().dataSync()[0]), 9, 1e-2, 1e-3)).toBeGreaterThan(4);
    // the kernel is the item-averaged output times the trainable weights
    const g = await globalKernel(tf.tensor1d([1, 2]), tf.tensor2d([...k, ...k.map((x) => 2 * x)], [2, 9])).data();
    expect(Array.from(g)).toEqual(k.map((x) => Math.fround(x + 4 * x)).map((x) => expect.closeTo(x, 5) as unknown as number));
  });

  it('fine-tunes the last global epochs from the kept pre-training weights; early stopping counts from the switch', async () => {
    // two members: the global kernel's weights of both join the optimizer at the switch (tfjs keeps slots by position)
    const c = plus({ epochs: 6, globalEpochs: 2, patience: 3, members: 2 });
    const trainer = new Trainer(tinyTrainData('I'), c);
    const stats = [];
    for (let e = 0; e < 6; e++) stats.push((await trainer.trainEpoch())!);
    expect(stats.map((s) => s.stage)).toEqual(['local', 'local', 'local', 'local', 'global', 'global']);
    expect(stats[5].stageStart).toBe(4);
    for (const s of stats) expect(Number.isFinite(s.validRmse)).toBe(true);
    const tensors = tf.memory().numTensors;
    await trainer.trainEpoch();
    expect(tf.memory().numTensors, 'no tensor left behind by a global epoch').toBe(tensors);
    trainer.dispose();
  });
});

it('an ensemble averages its members, and member 0 is the single network of the same seed', async () => {
  const data = tinyTrainData('I');
  const c = plus({ members: 3 });
  const input = new InputRows(data.train, true);
  const ids = Int32Array.from({ length: 16 }, (_, i) => i);
  const block = input.block(ids);
  const ensemble = AutoRecPlus.create(input, c, 5);
  const singles = [0, 1, 2].map((k) => AutoRecPlus.create(input, { ...c, members: 1 }, memberSeed(5, k)));
  const [avg] = ensemble.predict(ids, [block]);
  const each = singles.map((s) => s.predict(ids, [block])[0]);
  const mean = tf.div(tf.addN(each), 3);
  expect(Array.from(await avg.data())).toEqual(Array.from(await mean.data()).map((x) => expect.closeTo(x, 6) as unknown as number));
  expect(await each[0].data()).not.toEqual(await each[1].data());
  for (const m of [ensemble, ...singles]) m.dispose();
});

it('a checkpoint taken at the switch to the global stage continues in that stage, from the weights it switched to', async () => {
  const c = plus({ epochs: 5, globalEpochs: 2 });
  const data = tinyTrainData('I');
  const a = new Trainer(data, c, { checkpoints: true });
  for (let e = 0; e < 3; e++) await a.trainEpoch();
  const cp = a.checkpoint!;
  expect(cp.stage, 'the switch happens after epoch 3 of 5').toBe('global');
  const b = new Trainer(data, c);
  b.restore(cp);
  const [sa, sb] = [await a.saveState(), await b.saveState()];
  expect(sb.stage).toBe('global');
  expect(sb.params.map((p) => Array.from(p)), 'the current weights: the kept ones and the averages set at the switch').toEqual(sa.params.map((p) => Array.from(p)));
  const next = (await b.trainEpoch())!;
  expect(next.stage).toBe('global');
  expect(next.stageStart).toBe(3);
  a.dispose();
  b.dispose();
});
