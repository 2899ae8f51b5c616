import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { setupRun } from './setup-run';
import { userScores } from './user-scores';
import { rankServing } from './rank-model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it.each([
  ['I-AutoRec, sparse', { variant: 'I', compute: 'sparse' }],
  ['U-AutoRec, dense', { variant: 'U', compute: 'dense' }],
  ['an I-AutoRec+ ensemble', { model: 'plus', variant: 'I', kernelDim: 0, members: 2, compute: 'dense' }],
] as const)('%s: an epoch\'s precision, recall and NDCG at 10 are those of the model\'s top lists, computed on the host, and no tensor is left', async (_, over) => {
  const d = generateDemo({ users: 60, items: 40, ratings: 1200, seed: 4 });
  const c: TrainConfig = { ...D2L_DEFAULTS, hidden: 12, batchSize: 16, learningRate: 0.02, ...over };
  const { trainer, ranking, baselines } = setupRun(d, c, { backend: 'cpu', rankEpochs: true });
  expect(ranking.threshold).toBe(4);
  expect(ranking.users.length).toBeGreaterThan(10);
  const first = await trainer.trainEpoch();
  const tensors = tf.memory().numTensors;
  // the first epoch is the kept one: the serving model is the one the epoch measured
  expect(first.selectedEpoch).toBe(1);
  const scores = userScores(trainer.servingModel, trainer.trainConfig, d.numItems);
  const t = scores.of(ranking.users);
  const host = ranking.measure(ranking.topFromScores((await t.data()) as Float32Array));
  t.dispose();
  scores.dispose();
  expect(first.testPrecision10).toBeCloseTo(host.precision, 6);
  expect(first.testRecall10).toBeCloseTo(host.recall, 6);
  expect(first.testNdcg10).toBeCloseTo(host.ndcg, 6);
  expect(first.testNdcg10).toBeGreaterThan(0);
  // the same figures from the end-of-run path (blocks of 2 users read back, top 10 on the host)
  const served = await rankServing(trainer, ranking, 2 * d.numItems);
  expect(served.ndcg).toBeCloseTo(host.ndcg, 6);
  expect(served.precision).toBeCloseTo(host.precision, 6);
  const second = await trainer.trainEpoch();
  expect(tf.memory().numTensors, 'no tensor left by the ranking pass').toBe(tensors);
  expect(Number.isFinite(second.testNdcg10)).toBe(true);
  expect(baselines.popular?.users).toBe(ranking.users.length);
  expect(baselines.popular!.ndcg).toBeGreaterThan(0);
  trainer.dispose();
});
