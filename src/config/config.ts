/** Item-based (rows are items, input a vector over users) or user-based AutoRec. */
export type Variant = 'I' | 'U';
export const ACTIVATIONS = ['sigmoid', 'identity', 'relu', 'elu', 'tanh', 'selu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
/**
 * lazyadam: Adam that leaves every weight whose gradient is zero in a step as it is (value and moments: TensorFlow's
 * LazyAdam, PyTorch's SparseAdam), which are the rows of the inputs no rating of the batch touches; on large data
 * it skips most of Adam's work, with other numbers than Adam's.
 */
export const OPTIMIZERS = ['adam', 'lazyadam', 'rmsprop', 'momentum'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
/**
 * dense: whole batch blocks through matMul; sparse: only the observed entries (SpMM/SDDMM: WebAssembly
 * kernels on wasm and cpu, WGSL shaders on webgpu); auto: sparse wherever it runs.
 */
export const COMPUTES = ['auto', 'dense', 'sparse'] as const;
/** autorec: AutoRec as published; plus: AutoRec+ (kernelized layers, global-kernel fine-tuning, an ensemble of seeds). */
export const MODELS = ['autorec', 'plus'] as const;
export type ModelKind = (typeof MODELS)[number];
export type Compute = (typeof COMPUTES)[number];

/** Everything that defines a training run (each setting's rule, keys, words and defaults: SETTINGS in settings.ts). */
export interface TrainConfig {
  /** Which model trains (src/model/create-model.ts): the AutoRec+ settings below apply to 'plus' only. */
  model: ModelKind;
  variant: Variant;
  hidden: number;
  /** Further hidden layers of `hidden` units after the first, each with the encoder activation. */
  extraLayers: number;
  encoder: Activation;
  decoder: Activation;
  /** Dropout rate on the last hidden layer's output (the code fed to the decoder), training only. */
  dropout: number;
  /**
   * L2 penalty lambda on the weight matrices (not biases): each step's gradient gets + lambda * W, where
   * the data gradient is that of the batch's summed squared error. One epoch thus adds lambda * W once per
   * batch, while the data gradients of its batches add up to one full-data gradient: this lambda times the
   * number of batches per epoch is the paper's full-batch lambda (objective SSE + lambda/2 ||W||^2).
   */
  l2: number;
  optimizer: OptimizerName;
  compute: Compute;
  learningRate: number;
  batchSize: number;
  /** Most epochs; early stopping (patience) may end the run sooner. */
  epochs: number;
  /** Stop when validation RMSE has not improved for this many epochs; 0 = never. Needs a validation share. */
  patience: number;
  /** Seed of the initial weights, the batch order and dropout. */
  seed: number;
  /** Seed of the random test split and of the validation share: a seed sweep over `seed` keeps one test set. */
  splitSeed: number;
  /** 'random' (seeded, testRatio held out), 'file' (a second dropped file), or a preset split's name (u1..u5, ua, ub). */
  split: string;
  testRatio: number;
  /**
   * Share of the training ratings held out (seeded by splitSeed) for validation: model selection (the kept
   * epoch, early stopping) looks at it, never at the test set. 0 = no validation, the last epoch is kept.
   */
  validRatio: number;
  /**
   * CPU threads the sparse kernels run on (wasm and cpu backends): 0 = every core the browser offers
   * (navigator.hardwareConcurrency; in Node, the machine's). Results are the same for any count.
   */
  threads: number;
  /**
   * AutoRec+: dimensions of the kernel vectors of every layer (each weight W becomes W ⊙ max(0, 1 − ‖u_i − v_j‖²),
   * Muller et al. 2018); 0 = kernel off (plain weights).
   */
  kernelDim: number;
  /** AutoRec+: penalty λs on the kernel matrices' squares, per step like l2. */
  kernelL2: number;
  /**
   * AutoRec+: epochs of global-kernel fine-tuning (GLocal-K) at the end of the run, after pre-training from
   * the kept pre-training epoch; 0 = off.
   */
  globalEpochs: number;
  /** AutoRec+: networks trained side by side from different seeds, their predictions averaged; 1 = no ensemble. */
  members: number;
  /**
   * Weight averaging: after each epoch's steps the averaged weights move toward the current ones,
   * A <- a A + (1 - a) W (an exponential moving average over epochs, started afresh when a stage begins), and
   * evaluation, the kept epoch and predictions use A. 0 = off: the current weights.
   */
  average: number;
}

/** Seed of ensemble member k: member 0 has the run's seed, so a one-member AutoRec+ starts as AutoRec does. */
export const memberSeed = (seed: number, k: number) => (seed + k * 1_000_003) % 2 ** 31;

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
/** What the user picks: a backend, or 'auto' (WebGPU unless it is a software adapter, then wasm). */
export const BACKEND_CHOICES = ['auto', ...BACKENDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface BackendInfo {
  name: BackendName;
  /** What actually computes: the GPU adapter's description, or the CPU path. */
  adapter: string;
  /** True for a software GPU adapter (e.g. SwiftShader): correct but slow. */
  software: boolean;
  /** Largest storage buffer one kernel may bind (WebGPU only). */
  maxBufferBytes?: number;
  /** Backends tried before this one, and why each was passed over. */
  skipped: { name: BackendName; reason: string }[];
  /** Why 'auto' chose this backend, when it did not choose the first in the chain. */
  note?: string;
  /** CPU threads of the sparse kernels (wasm, cpu), and why fewer than asked; absent on GPU backends. */
  threads?: { threads: number; requested: number; note?: string };
}

/** The thread count a run asks for: `threads`, or with 0 every core there is (`cores`). */
export function threadsFor(threads: number, cores: number | undefined): number {
  return threads > 0 ? threads : Math.max(1, Math.floor(cores ?? 1));
}
