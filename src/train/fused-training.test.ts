import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, expect, it } from 'vitest';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { tinyTrainData } from '../testing/trainers';
import { encodeTile } from '../compute/wasm/fused-step';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** The default model's shape, small: sparse compute, Adam, dropout, λ. */
const base: TrainConfig = { ...D2L_DEFAULTS, compute: 'sparse', hidden: 24, batchSize: 16, learningRate: 0.01, dropout: 0.2, l2: 0.01 };

interface Curve {
  figures: number[][];
  weights: Float32Array[];
  fused: boolean;
}

/** `epochs` epochs of a run, fused or through tfjs's ops: each epoch's figures and the final weights. */
async function curve(config: TrainConfig, fusedStep: boolean, epochs: number, data = tinyTrainData(config.variant)): Promise<Curve> {
  const trainer = new Trainer(data, config, { fusedStep });
  try {
    const figures: number[][] = [];
    for (let e = 0; e < epochs; e++) {
      const s = await trainer.trainEpoch();
      figures.push([s.trainLoss, s.trainRmse, s.validRmse, s.validMae, s.testRmse, s.testMae]);
    }
    return { figures, weights: await trainer.servingWeights(), fused: trainer.fusedStep };
  } finally {
    trainer.dispose();
  }
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.abs(b);

it.each([
  ['I, sigmoid, dropout', { variant: 'I' }],
  ['U, sigmoid, dropout', { variant: 'U' }],
  ['I, relu encoder and decoder, no dropout', { encoder: 'relu', decoder: 'relu', dropout: 0 }],
  ['U, identity encoder, no λ', { variant: 'U', encoder: 'identity', l2: 0 }],
  ['I, lazy Adam (rows without ratings in a batch skipped)', { optimizer: 'lazyadam' }],
  ['U, lazy Adam, relu decoder', { variant: 'U', optimizer: 'lazyadam', decoder: 'relu' }],
] as const)('%s: the fused step trains the very weights tfjs ops train, its figures within 1e-5 over 25 epochs', async (_, change) => {
  const config = { ...base, ...change } as TrainConfig;
  const ops = await curve(config, false, 25);
  const fused = await curve(config, true, 25);
  expect([ops.fused, fused.fused]).toEqual([false, true]);
  fused.weights.forEach((w, k) => expect(w, `weight ${k} after 25 epochs`).toEqual(ops.weights[k]));
  fused.figures.forEach((f, e) => f.forEach((x, k) => expect(close(x, ops.figures[e][k]), `epoch ${e + 1} figure ${k}: ${x} vs ${ops.figures[e][k]}`).toBe(true)));
});

it('wide layers, encoded in tiles of columns (W1 past what a tile keeps in cache), still train the very weights of tfjs ops', async () => {
  const config: TrainConfig = { ...base, hidden: 1800, learningRate: 0.001 };
  const tile = encodeTile(tinyTrainData('I').train.cols, config.hidden);
  expect(tile, 'several tiles a row').toBeLessThan(4 * config.hidden);
  const ops = await curve(config, false, 4);
  const fused = await curve(config, true, 4);
  fused.weights.forEach((w, k) => expect(w, `weight ${k}`).toEqual(ops.weights[k]));
});

it('many inputs (no tile of W1 fits L2: each entry\'s weight row streamed whole) still train the very weights of tfjs ops', async () => {
  const data = tinyTrainData('I', 3200, 60, 6000); // 3,200 users: the inputs of I-AutoRec
  expect(encodeTile(data.train.cols, base.hidden), 'rows streamed whole').toBe(0);
  for (const change of [{}, { encoder: 'relu', dropout: 0, hidden: 23 }] as const) { // 23: a 1-lane tail in every row
    const config = { ...base, ...change } as TrainConfig;
    const ops = await curve(config, false, 6, data);
    const fused = await curve(config, true, 6, data);
    fused.weights.forEach((w, k) => expect(w, `weight ${k}`).toEqual(ops.weights[k]));
  }
});

it('a live learning rate, λ and dropout take effect in the fused step as in tfjs ops', async () => {
  const run = async (fusedStep: boolean) => {
    const trainer = new Trainer(tinyTrainData('I'), base, { fusedStep });
    try {
      await trainer.trainEpoch();
      trainer.setLive({ learningRate: 0.003, l2: 0.5, dropout: 0 });
      const s = await trainer.trainEpoch();
      return { loss: s.trainLoss, weights: await trainer.servingWeights() };
    } finally {
      trainer.dispose();
    }
  };
  const [ops, fused] = [await run(false), await run(true)];
  expect(close(fused.loss, ops.loss)).toBe(true);
  fused.weights.forEach((w, k) => expect(w).toEqual(ops.weights[k]));
});

it('a saved state taken mid-run resumes in the fused step exactly where tfjs ops would (the optimizer state shared)', async () => {
  const a = new Trainer(tinyTrainData('I'), base, { fusedStep: true });
  const b = new Trainer(tinyTrainData('I'), base, { fusedStep: false });
  try {
    await a.trainEpoch();
    await b.loadState(await a.saveState());
    const [sa, sb] = [await a.trainEpoch(), await b.trainEpoch()];
    expect(close(sa.trainLoss, sb.trainLoss)).toBe(true);
    expect(sa.testRmse).toBeCloseTo(sb.testRmse, 6);
    expect(await a.servingWeights()).toEqual(await b.servingWeights());
  } finally {
    a.dispose();
    b.dispose();
  }
});

it.each([
  ['an extra layer', { extraLayers: 1 }],
  ['dense compute', { compute: 'dense' }],
  ['RMSProp', { optimizer: 'rmsprop' }],
  ['a sigmoid decoder', { decoder: 'sigmoid' }],
  ['an elu encoder', { encoder: 'elu' }],
] as const)('%s trains through tfjs ops', (_, change) => {
  const trainer = new Trainer(tinyTrainData('I'), { ...base, ...change } as TrainConfig);
  expect(trainer.fusedStep).toBe(false);
  trainer.dispose();
});

it('tensors stay flat from epoch to epoch in the fused step', async () => {
  const trainer = new Trainer(tinyTrainData('I'), base);
  try {
    expect(trainer.fusedStep).toBe(true);
    const counts = [];
    for (let e = 0; e < 4; e++) counts.push((await trainer.trainEpoch()).tensors);
    expect(new Set(counts.slice(1)).size).toBe(1);
  } finally {
    trainer.dispose();
  }
});
