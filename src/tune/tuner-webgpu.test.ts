import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import { D2L_DEFAULTS } from '../config/settings';
import { startWebGpuInNode, webGpuInNodeRequired } from '../compute/webgpu-node';
import { TuneData } from './tune-data';
import { DEFAULT_TUNE } from '../config/tune-options';
import type { Recipe } from '../config/tune-recipe';
import { parseSpace } from '../config/tune-space';
import { Tuner } from './tuner';
import type { TrialResult, TuneResult } from '../config/tune-results';

// A search on the webgpu backend (Dawn in Node; SwiftShader without a GPU): trials of different sizes one after
// another, and the GPU memory tfjs holds (its pool of freed buffers included) is the same after each.
const unavailable = await startWebGpuInNode();
const required = webGpuInNodeRequired();
if (unavailable && required) throw new Error(`the webgpu tuning test must run (${required}), but it cannot: ${unavailable}`);
if (unavailable) console.warn(`webgpu tuning test skipped: ${unavailable}`);

describe.skipIf(!!unavailable)('tuning on webgpu', () => {
  it('keeps tensors and GPU bytes flat from trial to trial: after 20 trials as after 1', async () => {
    expect(tf.getBackend()).toBe('webgpu');
    const dataset = generateDemo({ users: 60, items: 40, ratings: 900, seed: 3 });
    const base = { ...D2L_DEFAULTS, hidden: 8, batchSize: 16, learningRate: 0.01, validRatio: 0.15, testRatio: 0.15 };
    const space = parseSpace({ hidden: [4, 24], dropout: [0, 0.3], l2: [1e-3, 1, 'log'] });
    if (!space.ok) throw new Error(space.errors.join());
    const data = new TuneData(dataset, base, { backend: 'webgpu' });
    const trials: TrialResult[] = [];
    let during = 0;
    const tuner = new Tuner(data, base, space.value, { ...DEFAULT_TUNE, minutes: 0, trials: 20, maxEpochs: 3, minEpochs: 2, eta: 2, patience: 2 }, {
      trialEnd: (r) => trials.push(r),
      epoch: (_, s) => (during = Math.max(during, s.gpuBytes ?? 0)),
    });
    tuner.play();
    const result = await tuner.done;
    expect(trials).toHaveLength(20);
    expect(new Set(trials.map((r) => r.config.hidden)).size, 'trials of several sizes').toBeGreaterThan(5);
    expect(during, 'webgpu reports the GPU bytes a trial holds').toBeGreaterThan(0);
    expect(typeof trials[0].gpuBytes).toBe('number');
    expect(trials[19].gpuBytes, `GPU bytes after each trial: ${trials.map((r) => r.gpuBytes)}`).toBe(trials[0].gpuBytes);
    expect(trials[19].tensors, `tensors after each trial: ${trials.map((r) => r.tensors)}`).toBe(trials[0].tensors);
    expect(Number.isFinite(result?.testRmse)).toBe(true);
  }, 120_000);

  it('a refit blend of I- and U-AutoRec (fitted weights, the test set held out from training + validation) gives the cpu backend figures', async () => {
    const dataset = generateDemo({ users: 60, items: 120, ratings: 1500, seed: 4 });
    const base = { ...D2L_DEFAULTS, hidden: 8, batchSize: 16, learningRate: 0.01, validRatio: 0.15, testRatio: 0.15 };
    const recipe: Recipe = {
      key: 'iu',
      name: 'I and U',
      description: '',
      members: (b) => [
        { ...b, variant: 'I', hidden: 12, epochs: 5, patience: 3, seed: 11, average: 0.5 },
        { ...b, variant: 'U', hidden: 10, epochs: 5, patience: 3, seed: 12 },
      ],
    };
    const blendOn = async (backend: 'webgpu' | 'cpu') => {
      await tf.setBackend(backend);
      const data = new TuneData(dataset, base, { backend });
      const tuner = new Tuner(data, base, recipe, { ...DEFAULT_TUNE, minutes: 0, trials: 2, maxEpochs: 5, refit: 1 }, { trialEnd: () => {} });
      tuner.play();
      return (await tuner.done) as TuneResult;
    };
    const gpu = await blendOn('webgpu');
    const cpu = await blendOn('cpu');
    await tf.setBackend('webgpu');
    expect(gpu.refit).toBe(true);
    expect(gpu.members).toEqual(cpu.members);
    expect(gpu.blend.fitted).toBe(true);
    expect(cpu.blend.fitted).toBe(true);
    gpu.blend.weights.forEach((w, k) => expect(w).toBeCloseTo(cpu.blend.weights[k], 4));
    expect(gpu.validRmse).toBeCloseTo(cpu.validRmse, 5);
    expect(gpu.testRmse).toBeCloseTo(cpu.testRmse, 5);
  }, 120_000);
});
