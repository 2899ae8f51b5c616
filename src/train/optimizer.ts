import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../config/config';
import { FusedAdam } from '../compute/fused-adam';
import { heapKernels } from '../compute/wasm/wasm-heap';

/**
 * The optimizer of a run. Adam on the wasm backend is FusedAdam (same update, one pass), which also
 * applies the L2 penalty of `decay` (weight name -> lambda); `handlesDecay` says so.
 */
export function makeOptimizer(name: OptimizerName, learningRate: number, decay: ReadonlyMap<string, number>): { optimizer: tf.Optimizer; handlesDecay: boolean } {
  const heap = name === 'adam' ? heapKernels() : undefined;
  if (heap) return { optimizer: new FusedAdam(learningRate, heap, decay), handlesDecay: true };
  return { optimizer: tfOptimizer(name, learningRate), handlesDecay: false };
}

function tfOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
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
