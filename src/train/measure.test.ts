import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { D2L_DEFAULTS } from '../config/settings';
import { msPerStep, timeStepsHere } from './measure';
import { tinyTrainData } from '../testing/trainers';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('times real training steps after a warm-up and leaves no tensors behind', async () => {
  const before = tf.memory().numTensors;
  const trainer = new Trainer(tinyTrainData('I'), { ...D2L_DEFAULTS, hidden: 16, batchSize: 8 });
  const ms = await msPerStep(trainer);
  expect(ms).toBeGreaterThan(0);
  expect(Number.isFinite(ms)).toBe(true);
  expect(trainer.epoch, 'the measuring epoch does not count').toBe(0);
  trainer.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

it('says nothing where an epoch has too few batches to time, or the run cannot be set up', async () => {
  const one = new Trainer(tinyTrainData('I'), { ...D2L_DEFAULTS, hidden: 16, batchSize: 256 });
  expect(await msPerStep(one)).toBeUndefined();
  one.dispose();
  expect(
    await timeStepsHere(() => {
      throw new Error('does not fit');
    }),
  ).toBeUndefined();
});
