import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../config/config';
import { FusedAdam } from '../compute/fused-adam';
import { heapKernels } from '../compute/wasm/wasm-heap';
import type { RatingModel } from '../model/rating-model';
import type { Where } from './readout';

/** A run's optimizer, and whether it adds the L2 term itself (FusedAdam). */
export interface RunOptimizer {
  optimizer: tf.Optimizer;
  handlesDecay: boolean;
}

/** A live λ: the optimizer that adds the L2 term itself (FusedAdam) takes it for every decayed weight from the next step. */
export function setL2(o: RunOptimizer, l2: number): void {
  // not `instanceof`: tf.Optimizer's Symbol.hasInstance says yes to any optimizer
  if (o.handlesDecay) (o.optimizer as FusedAdam).setDecay(l2);
}

/**
 * The optimizer of a run. Adam on the wasm backend, or in a run that takes a fused step (`fused`), is FusedAdam
 * (same update, one pass; a fused step steps its moments), which also applies the L2 penalty of `decay` (weight
 * name -> lambda); `handlesDecay` says so. Lazy Adam is FusedAdam's everywhere.
 */
export function makeOptimizer(name: OptimizerName, learningRate: number, decay: Map<string, number>, fused = false): RunOptimizer {
  // lazy Adam is FusedAdam's on every backend (through tfjs's ops where the wasm kernels are absent)
  if (name === 'lazyadam') return { optimizer: new FusedAdam(learningRate, heapKernels(), decay, true), handlesDecay: true };
  const heap = name === 'adam' ? heapKernels() : undefined;
  if (heap || (fused && name === 'adam')) return { optimizer: new FusedAdam(learningRate, heap, decay), handlesDecay: true };
  return { optimizer: tfOptimizer(name, learningRate), handlesDecay: false };
}

function tfOptimizer(name: Exclude<OptimizerName, 'lazyadam'>, learningRate: number): tf.Optimizer {
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

/**
 * One optimizer step of `model` on rows `ids` (`where`: the training ratings of those rows, ./readout.ts), with the
 * L2 term on its decayed weights unless the optimizer adds it itself; returns the batch's summed squared error
 * (not read back).
 */
export function optimizerStep(model: RatingModel, o: RunOptimizer, ids: Int32Array, where: Where, l2: number, dropoutSeed: number): tf.Scalar {
  return tf.tidy(() => {
    let error: tf.Scalar | undefined;
    const { grads } = tf.variableGrads(() => {
      const obj = model.objective(ids, where.target, (pred) => tf.sum(tf.square(where.errors(pred))), dropoutSeed);
      error = tf.keep(obj.sse);
      return obj.objective;
    }, model.trained as tf.Variable[]);
    if (l2 > 0 && !o.handlesDecay) for (const w of model.decayed) grads[w.name] = tf.add(grads[w.name], tf.mul(w, l2));
    o.optimizer.applyGradients(grads as tf.NamedTensorMap);
    return error as tf.Scalar;
  });
}
