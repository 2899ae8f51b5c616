import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, expect, it } from 'vitest';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { useKernelThreads } from '../compute/sparse';
import { FusedStep } from '../compute/wasm/fused-step';
import { spawnNodeHelper } from '../compute/wasm/node-threads';
import { KernelThreads, type KernelExports } from '../compute/wasm/threads';
import { tinyTrainData } from '../testing/trainers';
import { Trainer } from './trainer';

// On the cpu backend the fused step runs the wasm backend's kernels in their own memory: the weights and moments
// are copied in at an epoch's start and out at its end. Its numbers are the wasm backend's fused step's, bit for
// bit. tfjs's cpu ops round otherwise (their own sigmoid and sums, tf.train.adam): the same curve within 1e-4, as
// tfjs's wasm and cpu ops agree (trainer-wasm.test.ts).

const base: TrainConfig = { ...D2L_DEFAULTS, compute: 'sparse', hidden: 24, batchSize: 16, learningRate: 0.01, dropout: 0.2, l2: 0.01 };

interface Run {
  figures: number[][];
  weights: Float32Array[];
  fused: boolean;
  moments: Float32Array[];
}

/** `epochs` epochs on `backend`: each epoch's figures, the final weights and the optimizer's saved moments. */
async function run(backend: 'cpu' | 'wasm', config: TrainConfig, epochs: number, fusedStep = true): Promise<Run> {
  await tf.setBackend(backend);
  const trainer = new Trainer(tinyTrainData(config.variant), config, { fusedStep });
  try {
    const figures: number[][] = [];
    for (let e = 0; e < epochs; e++) {
      const s = await trainer.trainEpoch();
      figures.push([s.trainLoss, s.trainRmse, s.validRmse, s.validMae, s.testRmse, s.testMae]);
      // a prediction through tfjs's ops between epochs (on cpu: the kernels' per-call copies, beside the step's buffers)
      await trainer.predictUser(1);
    }
    const state = await trainer.saveState();
    const moments = state.optimizer.slots;
    return { figures, weights: await trainer.servingWeights(), fused: trainer.fusedStep, moments };
  } finally {
    trainer.dispose();
  }
}

afterAll(async () => {
  await tf.setBackend('cpu');
  await useKernelThreads(1, undefined);
});

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * Math.abs(b);

it.each([
  ['I, sigmoid, dropout', { variant: 'I' }],
  ['U, relu encoder and decoder', { variant: 'U', encoder: 'relu', decoder: 'relu', dropout: 0 }],
  ['I, lazy Adam', { optimizer: 'lazyadam' }],
] as const)('%s: the fused step on cpu gives the wasm backend\'s fused numbers bit for bit, and tfjs cpu ops\' within 1e-4', async (_, change) => {
  const config = { ...base, ...change } as TrainConfig;
  const cpu = await run('cpu', config, 8);
  const wasm = await run('wasm', config, 8);
  const ops = await run('cpu', config, 8, false);
  expect([cpu.fused, wasm.fused, ops.fused]).toEqual([true, true, false]);
  expect(cpu.figures).toEqual(wasm.figures);
  cpu.weights.forEach((w, k) => expect(w, `weight ${k}`).toEqual(wasm.weights[k]));
  expect(cpu.moments.length).toBe(8);
  cpu.moments.forEach((m, k) => expect(m, `moment ${k}`).toEqual(wasm.moments[k]));
  cpu.figures.forEach((f, e) => f.forEach((x, k) => expect(close(x, ops.figures[e][k]), `epoch ${e + 1} figure ${k}: ${x} vs ${ops.figures[e][k]}`).toBe(true)));
});

it('on cpu, 3 kernel threads train the very weights of one, and a state saved mid-run resumes where the run goes on', async () => {
  await tf.setBackend('cpu');
  const config = { ...base, hidden: 200 }; // enough work a call to split over the threads
  const one = await run('cpu', config, 3);
  expect(await useKernelThreads(3, spawnNodeHelper)).toEqual({ threads: 3, requested: 3 });
  const three = await run('cpu', config, 3);
  await useKernelThreads(1, undefined);
  expect(one.fused).toBe(true);
  expect(three.figures, '3 threads vs 1').toEqual(one.figures);
  expect(three.weights, '3 threads vs 1').toEqual(one.weights);
  // a state saved after an epoch (the moments given back by the step) and loaded into a fresh run: its next epoch is the first run's
  const a = new Trainer(tinyTrainData('I'), base);
  const b = new Trainer(tinyTrainData('I'), base);
  try {
    await a.trainEpoch();
    await b.loadState(await a.saveState());
    const [sa, sb] = [await a.trainEpoch(), await b.trainEpoch()];
    expect(sb.trainLoss).toBe(sa.trainLoss);
    expect(await b.servingWeights()).toEqual(await a.servingWeights());
  } finally {
    a.dispose();
    b.dispose();
  }
});

it('a step its memory cannot hold gives back what it took before it throws', () => {
  const held = new Set<number>();
  let next = 16;
  const memory = {
    memory: new WebAssembly.Memory({ initial: 1 }),
    alloc(n: number) {
      if (held.size === 5) throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
      held.add(next);
      return (next += 4 * n + 16) - 4 * n - 16;
    },
    free: (at: number) => held.delete(at),
    write: () => undefined,
    read: () => tf.zeros([1]),
    threads: () => KernelThreads.single({} as KernelExports),
  };
  expect(() => new FusedStep(memory, { inputs: 40, hidden: 8, batch: 4, encoder: 'sigmoid', decoder: 'identity' })).toThrow(/Maximum memory size/);
  expect(held.size).toBe(0);
});
