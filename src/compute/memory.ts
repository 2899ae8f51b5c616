import type { BackendName, TrainConfig } from '../config/config';

/** Bytes a run needs, by part, and what the backend allows. */
export interface MemoryPlan {
  compute: 'dense' | 'sparse';
  /** Users (I-AutoRec) or items (U-AutoRec): the rows of each weight matrix. */
  inputDim: number;
  weights: number;
  /** The kept epoch's copy of the weights (and the averaged weights' copy, when the run averages them). */
  kept: number;
  optimizer: number;
  /** Weight gradients, batch inputs, activations and their gradients of one step (AutoRec+: kernels, convolved rows); `host` included. */
  batch: number;
  /**
   * Of `batch`, the bytes on the JS heap, not in the backend's memory: the dense path's batch x inputs f32
   * buffers the trainer fills before each upload (training and test rows, and validation rows when there
   * is a validation share). 0 on the sparse path, which makes no batch x inputs block anywhere. The
   * refusal holds `total - host` against `limitBytes`, which is the backend's memory.
   */
  host: number;
  /** weights + kept + optimizer + batch: all a run needs, `host` included. */
  total: number;
  /** The single largest buffer: must fit the backend's per-buffer limit. */
  largestBuffer: number;
  /** The backend's limits, where it has them: all of its memory, and one buffer. */
  limitBytes?: number;
  maxBufferBytes?: number;
  /** Where the plan does not fit: the most hidden units that would, the other settings unchanged (0: none). */
  maxHidden?: number;
}

const F32 = 4;
const OPTIMIZER_SLOTS = { adam: 2, lazyadam: 2, rmsprop: 2, momentum: 1 } as const;
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
  /** Rows of the rating matrix the model reads (items for I-AutoRec): AutoRec+'s global kernel has weights per row. */
  rows?: number;
}

export function planMemory(c: TrainConfig, p: PlanInput): MemoryPlan {
  const plan = sizes(c, p);
  if (fits(plan)) return plan;
  // Bytes grow with the hidden size: the largest that fits, by bisection.
  let [lo, hi] = [0, c.hidden - 1];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(sizes({ ...c, hidden: mid }, p))) lo = mid;
    else hi = mid - 1;
  }
  return { ...plan, maxHidden: lo > 0 && fits(sizes({ ...c, hidden: lo }, p)) ? lo : 0 };
}

/** Within the per-buffer limit and, without the JS heap's part, within the backend's memory. */
const fits = (m: MemoryPlan) => !(m.maxBufferBytes && m.largestBuffer > m.maxBufferBytes) && !(m.limitBytes && m.total - m.host > m.limitBytes);

function sizes(c: TrainConfig, p: PlanInput): MemoryPlan {
  const { inputDim } = p;
  const H = c.hidden;
  const layer = inputDim * H;
  const plus = c.model === 'plus';
  const members = plus ? c.members : 1;
  const matrices = 2 * layer + c.extraLayers * H * H;
  // AutoRec+: kernel vectors (one per row and per column of every weight), the global kernel's weights and averages
  const kernelVectors = plus && c.kernelDim > 0 ? c.kernelDim * (2 * (inputDim + H) + 2 * c.extraLayers * H) : 0;
  const globalParams = plus ? 10 * (p.rows ?? inputDim) : 0;
  const params = members * (matrices + inputDim + H + c.extraLayers * H + kernelVectors + globalParams);
  const weights = params * F32;
  const optimizer = OPTIMIZER_SLOTS[c.optimizer] * weights;
  const narrow = members * c.batchSize * H * F32 * (c.extraLayers + 1);
  // + one weight matrix: the new weights of a step exist beside the old ones for a moment
  let batch = weights + layer * F32 + 4 * narrow;
  // AutoRec+'s kernels in a step, per member: kernelized weights, their gradients and the kernel ops' temporaries
  // (src/model/local-kernel.ts; 7 matrices' worth: measured at the ML-10M shape, a wasm heap of 3.35 GiB against 3.4 planned)
  if (plus && c.kernelDim > 0) batch += members * 7 * matrices * F32;
  let host = 0;
  if (plus && c.globalEpochs > 0) {
    // the global stage reads dense convolved rows: nine shifted copies of each row's neighbourhood (host and device),
    // the kernel's gradient's transposed copy, the convolution and its gradient
    const block = c.batchSize * inputDim * F32;
    host += 9 * block;
    batch += 9 * block + members * (9 * block + 3 * block);
  }
  if (p.compute === 'dense') {
    batch += 6 * c.batchSize * inputDim * F32; // input, test block, prediction, error, gradients
    const rowsHost = (c.validRatio > 0 ? 4 : 3) * c.batchSize * inputDim * F32; // host rows: the input; training, test, validation targets
    host += rowsHost;
    batch += rowsHost;
  } else batch += 8 * (p.maxBatchEntries ?? c.batchSize * inputDim) * F32; // indices, values, predictions, gradients
  return {
    compute: p.compute,
    inputDim,
    weights,
    kept: c.average > 0 ? 2 * weights : weights,
    optimizer,
    batch,
    host,
    total: (c.average > 0 ? 3 : 2) * weights + optimizer + batch,
    largestBuffer: Math.max(layer, p.compute === 'dense' || (plus && c.globalEpochs > 0) ? c.batchSize * inputDim * (plus && c.globalEpochs > 0 ? 9 : 1) : 0) * F32,
    limitBytes: p.backend === 'wasm' ? WASM_HEAP_BYTES : undefined,
    maxBufferBytes: p.maxBufferBytes,
  };
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

/** A refusal the user can act on, with the figures, or undefined when the run fits. */
export function refusal(plan: MemoryPlan, c: TrainConfig): string | undefined {
  const other = c.variant === 'I' ? 'U-AutoRec (items as inputs)' : 'I-AutoRec (users as inputs)';
  const atMost = plan.maxHidden ? `at most ${plan.maxHidden} hidden units fit` : 'no number of hidden units fits';
  const n = (x: number) => x.toLocaleString('en-US');
  if (plan.maxBufferBytes && plan.largestBuffer > plan.maxBufferBytes) {
    const layer = plan.inputDim * c.hidden * F32;
    const what =
      plan.largestBuffer === layer
        ? `a weight matrix, ${n(plan.inputDim)} inputs x ${n(c.hidden)} hidden units x 4 bytes`
        : `a dense batch block, ${n(c.batchSize)} rows x ${n(plan.inputDim)} inputs x 4 bytes`;
    const fix = plan.largestBuffer === layer ? `fewer hidden units, or ${other} if it has fewer inputs` : `a smaller batch, the sparse path, or ${other} if it has fewer inputs`;
    return `This configuration needs a ${mb(plan.largestBuffer)} buffer, over this GPU's ${mb(plan.maxBufferBytes)} limit per buffer (${what}); ${atMost}. Try ${fix}.`;
  }
  if (plan.limitBytes && plan.total - plan.host > plan.limitBytes) {
    const plus = c.model === 'plus' ? [...(c.members > 1 ? ['fewer ensemble members'] : []), ...(c.globalEpochs > 0 ? ['no global-kernel epochs'] : [])] : [];
    return `This configuration needs about ${mb(plan.total - plan.host)}, more than the ${mb(plan.limitBytes)} this backend can hold; ${atMost}. Try ${[...plus, 'fewer hidden units', 'a smaller batch'].join(', ')}, or ${other} if it has fewer inputs.`;
  }
  return undefined;
}

/** The sum of the `n` longest rows of a CSR matrix: the most entries a batch of n rows can hold. */
export function longestRows(rowPtr: Int32Array, n: number): number {
  const lengths = new Int32Array(rowPtr.length - 1);
  for (let r = 0; r < lengths.length; r++) lengths[r] = rowPtr[r + 1] - rowPtr[r];
  return largestSum(lengths.sort(), n);
}

/** The sum of the n largest of ascending `sorted`: the most entries a batch of n rows can hold. */
export function largestSum(sorted: Int32Array, n: number): number {
  let sum = 0;
  for (let k = sorted.length - 1; k >= Math.max(0, sorted.length - n); k--) sum += sorted[k];
  return sum;
}
