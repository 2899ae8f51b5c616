import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from './config';

export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.9);
    case 'momentum':
      return tf.train.momentum(learningRate, 0.9);
  }
}

/** Changes the step size of a live optimizer; its accumulated state is kept. */
export function setLearningRate(opt: tf.Optimizer, learningRate: number): void {
  const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.setLearningRate) o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}
