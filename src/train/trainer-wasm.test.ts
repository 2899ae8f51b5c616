import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect, it } from 'vitest';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { heapKernels } from '../compute/wasm/wasm-heap';
import { tinyTrainData } from '../testing/trainers';
import { Trainer } from './trainer';

// On wasm both paths use FusedAdam, the sparse one the in-heap kernels too. Sparse on wasm matches the
// cpu backend (tf.train.adam, dense ops) to 1e-4 for 3 epochs. Dense on wasm rounds differently
// (XNNPACK matMul) and Adam, fused or not, amplifies that: by epoch 3 of this config it is 2e-3 off
// with tf.train.adam too, so it is held to 1e-4 on the first epoch only.
const exact: TrainConfig = { ...D2L_DEFAULTS, hidden: 16, batchSize: 16, learningRate: 0.01, dropout: 0, extraLayers: 1, encoder: 'elu', l2: 0.01 };

async function losses(backend: string, c: TrainConfig): Promise<number[]> {
  await tf.setBackend(backend);
  const trainer = new Trainer(tinyTrainData(c.variant), c);
  const out = [];
  for (let e = 0; e < 3; e++) {
    const s = await trainer.trainEpoch();
    out.push(s.trainLoss, s.testRmse);
  }
  trainer.dispose();
  return out;
}

it.each(['I', 'U'] as const)('%s-AutoRec on wasm, sparse and dense, agrees with cpu over 3 epochs of Adam with L2 and an extra layer', async (variant) => {
  const cpu = await losses('cpu', { ...exact, variant });
  const dense = await losses('wasm', { ...exact, variant });
  expect(heapKernels()).toBeDefined();
  const sparse = await losses('wasm', { ...exact, variant, compute: 'sparse' });
  cpu.forEach((v, k) => {
    expect(Math.abs(sparse[k] - v) / v, `value ${k}: wasm sparse vs cpu`).toBeLessThan(1e-4);
    if (k < 2) expect(Math.abs(dense[k] - v) / v, `value ${k}: wasm dense vs cpu`).toBeLessThan(1e-4);
  });
});

it.each(['cpu', 'wasm'])('a live λ on %s (FusedAdam adds it on wasm, the trainer on cpu) trains as a run started with it', async (backend) => {
  await tf.setBackend(backend);
  const c: TrainConfig = { ...exact, compute: 'sparse' };
  const started = new Trainer(tinyTrainData('I'), { ...c, l2: 0.5 });
  const live = new Trainer(tinyTrainData('I'), c);
  live.setLive({ l2: 0.5 });
  for (let e = 0; e < 2; e++) {
    const [a, b] = [await started.trainEpoch(), await live.trainEpoch()];
    expect([b.trainLoss, b.testRmse, b.l2]).toEqual([a.trainLoss, a.testRmse, 0.5]);
  }
  started.dispose();
  live.dispose();
});
