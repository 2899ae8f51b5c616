import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { rmseMae } from './dense-evaluate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('matches hand-computed RMSE and MAE on a 3x4 example: observed test entries only, clipped to 1..5', async () => {
  const target = tf.tensor2d([
    [4, 0, 0, 2],
    [0, 5, 0, 0],
    [1, 0, 3, 0],
  ]);
  const pred = tf.tensor2d([
    [3.5, 9, 9, 2.5], // errors 0.5, -, -, 0.5 (unobserved 9s ignored)
    [0, 6.2, 0, 0], // 6.2 clips to 5: error 0
    [0.2, 0, 4, -9], // 0.2 clips to 1: error 0; error 1
  ]);
  // squared: (0.25 + 0.25 + 0 + 0 + 1) / 5 observed = 0.3; absolute: (0.5 + 0.5 + 0 + 0 + 1) / 5 = 0.4
  const { rmse, mae } = await rmseMae(pred, target, 1, 5);
  expect(rmse).toBeCloseTo(Math.sqrt(0.3), 6);
  expect(mae).toBeCloseTo(0.4, 6);
  tf.dispose([target, pred]);
});
