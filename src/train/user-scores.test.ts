import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { setupRun } from './setup-run';
import { userScores } from './user-scores';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it.each([
  ['I-AutoRec, sparse', { variant: 'I', compute: 'sparse' }],
  ['I-AutoRec, dense, an extra layer', { variant: 'I', compute: 'dense', extraLayers: 1 }],
  ['U-AutoRec, sparse', { variant: 'U', compute: 'sparse' }],
  ['I-AutoRec+ with kernels', { model: 'plus', variant: 'I', kernelDim: 3, compute: 'sparse' }],
  ['an I-AutoRec+ ensemble', { model: 'plus', variant: 'I', kernelDim: 0, members: 2, compute: 'dense' }],
] as const)('%s: a block of users\' scores (or users picked one by one) are the model\'s own predictions for them, to the bit, and no tensor is left', async (_, over) => {
  const d = generateDemo({ users: 40, items: 30, ratings: 600, seed: 2 });
  const c: TrainConfig = { ...D2L_DEFAULTS, hidden: 12, batchSize: 16, learningRate: 0.02, ...over };
  const { trainer } = setupRun(d, c, { backend: 'cpu' });
  for (let e = 0; e < 2; e++) await trainer.trainEpoch();
  const model = trainer.servingModel;
  const byItem = c.variant === 'I';
  const [u0, bu] = [5, 7];
  const before = tf.memory().numTensors;
  const scores = userScores(model, trainer.trainConfig, d.numItems);
  const got = scores.block(u0, bu);
  const block = await got.data();
  got.dispose();
  // users picked one by one, out of order: the same rows of predictions as in a block
  const picked = scores.of(Int32Array.of(u0 + 6, u0, u0 + 3));
  const some = await picked.data();
  picked.dispose();
  scores.dispose();
  expect(tf.memory().numTensors).toBe(before);
  // the model's forward pass: the users' rows (U), or every item's row and the users' columns of it (I)
  const rows = byItem ? Int32Array.from({ length: d.numItems }, (_, i) => i) : Int32Array.from({ length: bu }, (_, k) => u0 + k);
  const [pred] = model.predict(rows, ['all']);
  const want = (await pred.data()) as Float32Array;
  pred.dispose();
  const expected = new Float32Array(bu * d.numItems);
  for (let k = 0; k < bu; k++) for (let i = 0; i < d.numItems; i++) expected[k * d.numItems + i] = byItem ? want[i * d.numUsers + u0 + k] : want[k * d.numItems + i];
  expect(block).toEqual(expected);
  const row = (k: number) => Array.from(expected.subarray(k * d.numItems, (k + 1) * d.numItems));
  expect(Array.from(some)).toEqual([...row(6), ...row(0), ...row(3)]);
  trainer.dispose();
});
