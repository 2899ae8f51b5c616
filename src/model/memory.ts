import type { BackendName, TrainConfig } from './config';

/** Bytes a run needs, by part, and what the backend allows. */
export interface MemoryPlan {
  compute: 'dense' | 'sparse';
  weights: number;
  /** The kept epoch's copy of the weights. */
  kept: number;
  optimizer: number;
  /** Weight gradients, batch inputs, activations and their gradients of one step. */
  batch: number;
  total: number;
  /** The single largest buffer: must fit the backend's per-buffer limit. */
  largestBuffer: number;
  /** The backend's limits, where it has them: all of its memory, and one buffer. */
  limitBytes?: number;
  maxBufferBytes?: number;
}

const F32 = 4;
const OPTIMIZER_SLOTS = { adam: 2, rmsprop: 2, momentum: 1 } as const;
/** tfjs-wasm's memory is a 32-bit WebAssembly memory. */
export const WASM_HEAP_BYTES = 4 * 2 ** 30;

export interface PlanInput {
  /** Users for I-AutoRec, items for U-AutoRec. */
  inputDim: number;
  compute: 'dense' | 'sparse';
  /** The most training ratings one batch can hold (sum of the batchSize longest rows): sparse only. */
  maxBatchEntries?: number;
  backend?: BackendName;
  maxBufferBytes?: number;
}

export function planMemory(c: TrainConfig, p: PlanInput): MemoryPlan {
  const { inputDim } = p;
  const H = c.hidden;
  const layer = inputDim * H;
  const params = 2 * layer + inputDim + H + c.extraLayers * (H * H + H);
  const weights = params * F32;
  const optimizer = OPTIMIZER_SLOTS[c.optimizer] * weights;
  const narrow = c.batchSize * H * F32 * (c.extraLayers + 1);
  // + one weight matrix: the new weights of a step exist beside the old ones for a moment
  let batch = weights + layer * F32 + 4 * narrow;
  if (p.compute === 'dense') batch += 6 * c.batchSize * inputDim * F32; // input, test block, prediction, error, gradients
  else batch += 8 * (p.maxBatchEntries ?? c.batchSize * inputDim) * F32; // indices, values, predictions, gradients
  return {
    compute: p.compute,
    weights,
    kept: weights,
    optimizer,
    batch,
    total: 2 * weights + optimizer + batch,
    largestBuffer: Math.max(layer, p.compute === 'dense' ? c.batchSize * inputDim : 0) * F32,
    limitBytes: p.backend === 'wasm' ? WASM_HEAP_BYTES : undefined,
    maxBufferBytes: p.maxBufferBytes,
  };
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

/** A refusal the user can act on, or undefined when the run fits. */
export function refusal(plan: MemoryPlan, c: TrainConfig): string | undefined {
  const other = c.variant === 'I' ? 'U-AutoRec (items as inputs)' : 'I-AutoRec (users as inputs)';
  const fix = `Try fewer hidden units, a smaller batch, or ${other} if it has fewer inputs.`;
  if (plan.maxBufferBytes && plan.largestBuffer > plan.maxBufferBytes) {
    return `This configuration needs a ${mb(plan.largestBuffer)} buffer, over this GPU's ${mb(plan.maxBufferBytes)} limit per buffer. ${fix}`;
  }
  if (plan.limitBytes && plan.total > plan.limitBytes) {
    return `This configuration needs about ${mb(plan.total)}, more than the ${mb(plan.limitBytes)} this backend can hold. ${fix}`;
  }
  return undefined;
}

/** The sum of the `n` longest rows of a CSR matrix: the most entries a batch of n rows can hold. */
export function longestRows(rowPtr: Int32Array, n: number): number {
  const lengths = new Int32Array(rowPtr.length - 1);
  for (let r = 0; r < lengths.length; r++) lengths[r] = rowPtr[r + 1] - rowPtr[r];
  lengths.sort();
  let sum = 0;
  for (let k = lengths.length - 1; k >= Math.max(0, lengths.length - n); k--) sum += lengths[k];
  return sum;
}
