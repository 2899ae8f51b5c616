import type { TrainConfig } from './config';

/** Bytes a run needs on the device, by part. */
export interface MemoryPlan {
  weights: number;
  optimizer: number;
  /** Batch inputs, targets, activations and gradients of one step. */
  batch: number;
  total: number;
  /** The single largest buffer: must fit the backend's per-buffer limit. */
  largestBuffer: number;
}

const F32 = 4;
const OPTIMIZER_SLOTS = { adam: 2, rmsprop: 2, momentum: 1 } as const;

/** `inputDim` is users for I-AutoRec, items for U-AutoRec. */
export function planMemory(inputDim: number, c: TrainConfig): MemoryPlan {
  const H = c.hidden;
  const params = 2 * inputDim * H + inputDim + H + c.extraLayers * (H * H + H);
  const weights = params * F32;
  const optimizer = OPTIMIZER_SLOTS[c.optimizer] * weights;
  const wide = c.batchSize * inputDim * F32;
  const narrow = c.batchSize * H * F32 * (c.extraLayers + 1);
  // input, target test block, prediction, masked error, its gradient, + weight gradients
  const batch = 6 * wide + 4 * narrow + weights;
  return {
    weights,
    optimizer,
    batch,
    total: weights + optimizer + batch,
    largestBuffer: Math.max(inputDim * H, c.batchSize * inputDim) * F32,
  };
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

/** A refusal the user can act on, or undefined when the run fits. */
export function refusal(plan: MemoryPlan, c: TrainConfig, limits: { maxBufferBytes?: number; totalBytes?: number }): string | undefined {
  const other = c.variant === 'I' ? 'U-AutoRec (items as inputs)' : 'I-AutoRec (users as inputs)';
  const fix = `Try fewer hidden units, a smaller batch, or ${other} if it has fewer inputs.`;
  if (limits.maxBufferBytes && plan.largestBuffer > limits.maxBufferBytes) {
    return `This configuration needs a ${mb(plan.largestBuffer)} buffer, over this GPU's ${mb(limits.maxBufferBytes)} limit per buffer. ${fix}`;
  }
  if (limits.totalBytes && plan.total > limits.totalBytes) {
    return `This configuration needs about ${mb(plan.total)}, more than the ${mb(limits.totalBytes)} available. ${fix}`;
  }
  return undefined;
}
