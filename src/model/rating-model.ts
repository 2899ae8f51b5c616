import type * as tf from '@tensorflow/tfjs';
import type { CsrBlock } from '../data/types';

/**
 * Where a model predicts for a batch of rows: at the entries of a block (the sparse path: one value per entry,
 * in the block's order) or at every column ('all', the dense path: [rows, cols]).
 */
export type Target = CsrBlock | 'all';

/**
 * What the trainer, Tune, the worker and the commands need of a model (AutoRec in autorec.ts, AutoRec+ in
 * autorec-plus.ts), so that they treat every model alike. Rows are named by their index in the training matrix
 * the model was made for (-1: a padding row of a fixed-size batch); the model reads its own input rows.
 */
export interface RatingModel {
  /** Every parameter, in the order a saved model lists them. */
  readonly params: readonly tf.Variable[];
  /** The weight matrices the run's L2 penalty λ applies to. */
  readonly decayed: readonly tf.Variable[];
  /** Predictions (not clipped) of rows `ids` at each target; a dropout seed means training mode. */
  predict(ids: Int32Array, targets: readonly Target[], dropoutSeed?: number): tf.Tensor[];
  /**
   * One training step's objective on rows `ids`: `sse` turns a prediction at `target` into its summed squared
   * error; the objective adds the model's own penalties (not the L2 penalty, which the optimizer or the trainer adds).
   * `sse` is what the step reports (for an ensemble: the members' mean).
   */
  objective(ids: Int32Array, target: Target, sse: (pred: tf.Tensor) => tf.Scalar, dropoutSeed: number): { sse: tf.Scalar; objective: tf.Scalar };
  /**
   * Settings of the training objective that need no new weights (dropout, AutoRec+'s kernel penalty λs): a live
   * run changes them between two batches.
   */
  retune(s: Retune): void;
  /** The parameters the current stage trains (a stage may leave some out). */
  readonly trained: readonly tf.Variable[];
  /** A model of the same shape on the same buffers, not trainable: the kept epoch's weights (see loadParams). */
  snapshot(): RatingModel;
  /** Overwrites the parameters (params order) with saved values or tensors. */
  load(values: readonly (Float32Array | tf.Tensor)[]): void;
  /**
   * The weights each layer applies, as plain AutoRec weights (for AutoRec+ the kernelized ones, of the first
   * member): what the item map, the network view and the top-N export read. Tensors the caller disposes when
   * `owned`, the parameters themselves otherwise.
   */
  weights(): { weights: AutoRecWeights; owned: boolean };
  /** Whether `weights()` with the model's input rows give its predictions (false: an ensemble or a global-kernel stage). */
  readonly plain: boolean;
  /** The training stage the model is in ('local' for AutoRec; AutoRec+ may move on to 'global'). */
  readonly stage: string;
  /** Sets the stage (of kept weights, of a saved model) without computing anything. */
  setStage(stage: string): void;
  /** Whether a later stage exists that the model has not begun, and the epochs it wants at the end of the run. */
  readonly hasNextStage: boolean;
  readonly laterStageEpochs: number;
  /** Begins the next stage from the current weights. */
  beginNextStage(): void;
  /**
   * While the weights stay as they are (an evaluation pass), a model may compute what it derives from them once
   * (AutoRec+'s kernelized weights) until `thaw`; optional.
   */
  freeze?(): void;
  thaw?(): void;
  /** The hidden code of rows `ids` (the first member's; evaluation mode): [ids, hidden]. */
  encode(ids: Int32Array): tf.Tensor2D;
  dispose(): void;
}

/** What a live run may change in a model: see RatingModel.retune. */
export interface Retune {
  dropout: number;
  kernelL2: number;
}

/** A layer's weight and bias as it applies them (a parameter, or for AutoRec+ the kernelized weight). */
export interface Layer {
  readonly w: tf.Tensor2D;
  readonly b: tf.Tensor1D;
}

/** The weights a forward pass reads: AutoRecParams, or AutoRec+'s effective ones. */
export interface AutoRecWeights {
  readonly encoder: readonly Layer[];
  readonly decoder: Layer;
}
