import type * as tf from '@tensorflow/tfjs';
import type { Csr } from '../data/types';
import type { AdamScalars, KernelActivation, Mask } from './wasm/threads';

/**
 * A backend's fused training step for the default model: the whole step (forward, loss, backward, Adam) and the
 * evaluation as a few kernel calls a batch, with no tfjs op between them. wasm: ./wasm/fused-step.ts (the SIMD
 * kernels on every thread); webgpu: ./fused-step-webgpu.ts (WGSL, seven dispatches a batch). The trainer's side is
 * src/train/fused-training.ts.
 */
export interface TrainStep {
  readonly shape: StepShape;
  /** Whether the step keeps the moments in its own buffers from load on (webgpu: the optimizer's may go meanwhile), or steps the optimizer's in place (wasm). */
  readonly ownsMoments: boolean;
  /** Takes in the weights and the optimizer's moments (copies: the step owns what it trains). */
  load(p: StepParams<tf.Tensor>, moments: StepParams<Moments>): void;
  /** A copy of one parameter as it is now: a new tensor (the caller's), flat. One at a time, so that at most one copy is made beside what is kept. */
  param(k: keyof StepParams<tf.Tensor>): tf.Tensor;
  /** Copies of the moments where the step keeps its own (webgpu); undefined where it steps the optimizer's in place (wasm). */
  moments(): StepParams<Moments> | undefined;
  /**
   * One step on rows `ids` of `m` (-1: an empty row): forward with dropout `mask` (none: undefined), the summed
   * squared error at the rows' entries, backward, Adam (`adam`: this step's scalars, `l2` the weights' λ) on every
   * parameter (`moments`: the optimizer's, for a step that steps them in place). The error is added to the
   * epoch's loss (take).
   */
  train(m: Csr, ids: Int32Array, mask: Mask | undefined, adam: AdamScalars, moments: StepParams<Moments>): void;
  /**
   * Encodes rows `ids` of `input` (no dropout) and adds, for each matrix of `sets` (train, validation, test;
   * undefined: skipped), the clipped predictions' squared and absolute errors to the epoch's sums (take).
   */
  evaluate(input: Csr, ids: Int32Array, sets: readonly [Csr | undefined, Csr | undefined, Csr | undefined], lo: number, hi: number): void;
  /** The summed loss and [train SSE, validation SSE and absolute error, test SSE and absolute error] since the last take, as tensors (nothing read back); resets them. */
  take(): { loss: tf.Scalar; sums: tf.Tensor1D };
  dispose(): void;
}

/** The network a fused step trains: one hidden layer over `inputs` columns; decoder activations it can differentiate. */
export interface StepShape {
  inputs: number;
  hidden: number;
  /** Rows of every batch. */
  batch: number;
  encoder: KernelActivation;
  decoder: FusedDecoder;
}

export const FUSED_DECODERS = ['identity', 'relu'] as const;
export type FusedDecoder = (typeof FUSED_DECODERS)[number];

/** w1 [inputs, hidden] and b1 [hidden] (the encoder), w2 [inputs, hidden] (the decoder, transposed) and b2 [inputs]. */
export interface StepParams<T> {
  w1: T;
  b1: T;
  w2: T;
  b2: T;
}

export const PARAM_KEYS = ['w1', 'b1', 'w2', 'b2'] as const;

/** An Adam state's moments of one parameter. */
export interface Moments {
  m: tf.Tensor;
  v: tf.Tensor;
}
