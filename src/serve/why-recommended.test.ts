import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import type { RatingTriples } from '../data/types';
import { becauseOf } from './why-recommended';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const triples = (rows: [number, number, number][]): RatingTriples => ({
  users: Int32Array.from(rows.map((r) => r[0])),
  items: Int32Array.from(rows.map((r) => r[1])),
  ratings: Float32Array.from(rows.map((r) => r[2])),
});

it('names the liked ratings nearest each recommended item in the learned space, nearest first', async () => {
  // items 0..5 in 2-D: 0 and 1 point east, 2 north, 3 north-east, 4 west, 5 east-north-east
  const vectors = tf.tensor2d([
    [1, 0],
    [2, 0.1],
    [0, 1],
    [1, 1],
    [-1, 0],
    [1, 0.3],
  ]);
  // user 0 rated items 1 (5), 2 (4), 4 (5) and 3 (1): mean 3.75, so 3 (a 1) is not liked; user 1's ratings are not theirs
  const train = triples([
    [0, 1, 5],
    [0, 2, 4],
    [0, 4, 5],
    [0, 3, 1],
    [1, 0, 5],
  ]);
  const why = await becauseOf(vectors, [0, 5], train, 0, 2);
  // item 0 (east): item 1 (cos ≈ 0.999), then item 2 (cos 0; item 4 is -1); item 3 is not liked
  expect(why[0].map((b) => [b.item, b.rating])).toEqual([
    [1, 5],
    [2, 4],
  ]);
  expect(why[0][0].similarity).toBeCloseTo(2 / Math.hypot(2, 0.1), 5);
  // item 5 (east-north-east): item 1, then item 2 (cos 0.3/|(1, 0.3)|)
  expect(why[1].map((b) => b.item)).toEqual([1, 2]);
  expect(await becauseOf(vectors, [0], train, 7)).toEqual([[]]); // a user with no training ratings: no reasons
  vectors.dispose();
});
