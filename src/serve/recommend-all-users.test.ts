import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { recommendFor, topNForAllUsers } from './recommend';
import { servedNetwork } from './served';
import { setupRun } from '../train/setup-run';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it.each([
  ['I', 'sparse'],
  ['U', 'dense'],
  ['I', 'dense'],
] as const)('%s-AutoRec (%s): every user\'s top-n in blocks is recommendFor\'s list for that user, and no tensor is left', async (variant, compute) => {
  const d = generateDemo({ users: 45, items: 30, ratings: 600, seed: 9 });
  const c: TrainConfig = { ...D2L_DEFAULTS, variant, compute, hidden: 10, batchSize: 16, learningRate: 0.02 };
  const { trainer, split } = setupRun(d, c, { backend: 'cpu' });
  for (let e = 0; e < 3; e++) await trainer.trainEpoch();
  const before = tf.memory().numTensors;
  const blocks = [];
  // 100 predictions at a time: 3 users per block, 15 blocks
  for await (const b of topNForAllUsers(servedNetwork(trainer), split, { n: 6, minRatings: 2, blockFloats: 100 })) blocks.push(b);
  expect(tf.memory().numTensors).toBe(before);
  expect(blocks.length).toBe(15);
  expect(blocks.at(-1)!.done).toBe(45);
  for (const b of blocks) {
    for (let k = 0; k < b.users.length; k++) {
      const want = await recommendFor(servedNetwork(trainer), split, b.users[k], 6, 2);
      const got = [...b.items.slice(k * 6, k * 6 + 6)].filter((i) => i >= 0);
      expect(got, `user ${b.users[k]}`).toEqual(want.top.map((r) => r.item));
      got.forEach((_, r) => expect(b.scores[k * 6 + r]).toBeCloseTo(want.top[r].score, 4));
    }
  }
  trainer.dispose();
});
