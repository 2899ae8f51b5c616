import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import { D2L_DEFAULTS } from '../config/settings';
import { networkStats, sampleHistogram } from './network-stats';
import { setupRun } from '../train/setup-run';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('sampleHistogram bins a sample over its range', () => {
  const h = sampleHistogram(Float32Array.of(0, 0.1, 0.5, 1, 1), 0.52, 0.4, 4);
  expect(h).toMatchObject({ min: 0, max: 1, mean: 0.52, std: 0.4 });
  expect(h.counts).toEqual([2, 0, 1, 2]);
});

it('describes every layer with its sizes, activation and histograms that move as it trains, leaving no tensor', async () => {
  const d = generateDemo({ users: 40, items: 25, ratings: 400, seed: 2 });
  const { trainer } = setupRun(d, { ...D2L_DEFAULTS, hidden: 6, extraLayers: 1, batchSize: 8, learningRate: 0.05 }, { backend: 'cpu' });
  await trainer.trainEpoch();
  const before = tf.memory().numTensors;
  const a = await networkStats(trainer);
  expect(tf.memory().numTensors).toBe(before);
  expect(a.layers.map((l) => [l.name, l.inputs, l.units, l.activation])).toEqual([
    ['hidden 1', 40, 6, 'sigmoid'],
    ['hidden 2', 6, 6, 'sigmoid'],
    ['output', 6, 40, 'identity'],
  ]);
  expect(a.layers[0].weights.counts.reduce((s, c) => s + c, 0)).toBe(40 * 6);
  // sigmoid outputs lie in (0, 1)
  expect(a.layers[0].activations.min).toBeGreaterThan(0);
  expect(a.layers[0].activations.max).toBeLessThan(1);
  for (let e = 0; e < 3; e++) await trainer.trainEpoch();
  const b = await networkStats(trainer);
  expect(b.layers[2].biases.mean).not.toBe(a.layers[2].biases.mean);
  expect(b.layers[0].weights.std).not.toBe(a.layers[0].weights.std);
  trainer.dispose();
});
