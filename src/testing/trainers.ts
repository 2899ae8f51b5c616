import * as tf from '@tensorflow/tfjs';
import { generateDemo } from '../data/demo';
import { prepare } from '../train/prepare';
import { makeHoldout } from '../data/holdout';
import type { Variant } from '../config/config';
import { sddmm, spmm } from '../compute/sparse';
import type { CsrBlock } from '../data/types';
import type { TrainData } from '../train/prepare';

/** A tiny generated dataset ready for the trainer (10% test, 10% of the rest validation), for unit tests. */
export function tinyTrainData(variant: Variant = 'I', users = 60, items = 40, ratings = 900, validRatio = 0.1): TrainData {
  const d = generateDemo({ users, items, ratings, seed: 3 });
  const split = makeHoldout(d, { testRatio: 0.1, validRatio, splitSeed: 1 });
  return { ...prepare(split, d.numUsers, d.numItems, variant === 'I'), ratingMin: 1, ratingMax: 5 };
}

/** Tensors left behind by a forward and backward pass through spmm and sddmm inside a tf.tidy: 0 unless they leak. */
export function sparseOpsLeak(block: CsrBlock, cols: number): number {
  const w = tf.randomNormal([cols, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
  const w2t = tf.randomNormal([cols, 5], 0, 1, 'float32', 4) as tf.Tensor2D;
  const b2 = tf.zeros([cols]) as tf.Tensor1D;
  const before = tf.memory().numTensors;
  tf.dispose(tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(sddmm(block, tf.sigmoid(spmm(block, a as tf.Tensor2D)), b as tf.Tensor2D, b2)))([w, w2t])));
  const left = tf.memory().numTensors - before;
  tf.dispose([w, w2t, b2]);
  return left;
}
