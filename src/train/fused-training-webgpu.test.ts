import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { startWebGpuInNode, webGpuInNodeRequired } from '../compute/webgpu-node';
import { tinyTrainData } from '../testing/trainers';
import { Trainer } from './trainer';

// The fused step on WebGPU (src/compute/fused-step-webgpu.ts) against tfjs's ops on the same backend, on Dawn in
// Node (SwiftShader without a GPU); skipped where Dawn finds no adapter, except on CI, where it must run.
const unavailable = await startWebGpuInNode();
if (unavailable && webGpuInNodeRequired()) throw new Error(`the webgpu fused step tests must run, but they cannot: ${unavailable}`);
if (unavailable) console.warn(`webgpu fused step tests skipped: ${unavailable}`);

const base: TrainConfig = { ...D2L_DEFAULTS, compute: 'sparse', hidden: 24, batchSize: 16, learningRate: 0.01, dropout: 0.2, l2: 0.01 };

async function curve(config: TrainConfig, fusedStep: boolean, epochs: number) {
  const trainer = new Trainer(tinyTrainData(config.variant), config, { fusedStep });
  try {
    const figures: number[][] = [];
    const tensors: number[] = [];
    for (let e = 0; e < epochs; e++) {
      const s = await trainer.trainEpoch();
      figures.push([s.trainLoss, s.validRmse, s.validMae, s.testRmse, s.testMae]);
      tensors.push(s.tensors);
    }
    return { figures, tensors, fused: trainer.fusedStep, weights: await trainer.servingWeights() };
  } finally {
    trainer.dispose();
  }
}

describe.skipIf(unavailable !== undefined)('the fused step on webgpu', () => {
  it.each([
    ['I, sigmoid, dropout', { variant: 'I' }],
    ['U, sigmoid, dropout', { variant: 'U' }],
    ['I, relu decoder', { decoder: 'relu' }],
    ['U, relu encoder and decoder, no dropout', { variant: 'U', encoder: 'relu', decoder: 'relu', dropout: 0 }],
  ] as const)('%s: the figures and weights of tfjs ops on webgpu, within 1e-4 over 8 epochs', async (_, change) => {
    expect(tf.getBackend()).toBe('webgpu');
    const config = { ...base, ...change } as TrainConfig;
    const ops = await curve(config, false, 8);
    const fused = await curve(config, true, 8);
    expect([ops.fused, fused.fused]).toEqual([false, true]);
    fused.figures.forEach((f, e) => f.forEach((x, k) => expect(Math.abs(x - ops.figures[e][k]) / Math.abs(ops.figures[e][k]), `epoch ${e + 1} figure ${k}: ${x} vs ${ops.figures[e][k]}`).toBeLessThan(1e-4)));
    fused.weights.forEach((w, k) => {
      let diff = 0;
      let scale = 0;
      w.forEach((x, i) => {
        diff = Math.max(diff, Math.abs(x - ops.weights[k][i]));
        scale = Math.max(scale, Math.abs(ops.weights[k][i]));
      });
      expect(diff / scale, `weight ${k}`).toBeLessThan(1e-4);
    });
    expect(new Set(fused.tensors.slice(1)).size, 'tensors flat from epoch to epoch').toBe(1);
  });

  it('a state saved from the fused step (its moments given back to the optimizer) resumes through tfjs ops where it left off', async () => {
    const a = new Trainer(tinyTrainData('I'), base, { fusedStep: true });
    const b = new Trainer(tinyTrainData('I'), base, { fusedStep: false });
    const c = new Trainer(tinyTrainData('I'), base, { fusedStep: false });
    try {
      for (const t of [a, a, c, c]) await t.trainEpoch();
      // the optimizer's saved state: the moments tfjs ops would have after the same two epochs
      const [fused, ops] = [await a.saveState(), await c.saveState()];
      expect(fused.optimizer.iterations).toBe(ops.optimizer.iterations);
      expect(fused.optimizer.slots.map((x) => x.length)).toEqual(ops.optimizer.slots.map((x) => x.length));
      fused.optimizer.slots.forEach((slot, k) => {
        const scale = Math.max(...ops.optimizer.slots[k].map(Math.abs));
        expect(scale, `slot ${k} holds moments`).toBeGreaterThan(0);
        slot.forEach((x, i) => expect(Math.abs(x - ops.optimizer.slots[k][i]) / scale, `slot ${k}[${i}]`).toBeLessThan(1e-3));
      });
      await b.loadState(fused);
      const [sa, sb] = [await a.trainEpoch(), await b.trainEpoch()];
      expect(Math.abs(sa.trainLoss - sb.trainLoss) / sb.trainLoss).toBeLessThan(1e-4);
      expect(Math.abs(sa.testRmse - sb.testRmse) / sb.testRmse).toBeLessThan(1e-4);
    } finally {
      a.dispose();
      b.dispose();
      c.dispose();
    }
  });
});
