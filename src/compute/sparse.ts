import * as tf from '@tensorflow/tfjs';
import type { Csr, CsrBlock } from '../data/types';
import { heapKernels } from './wasm/wasm-heap';
import { checkBlock, checkBlockEntries, groupByRow, kernels } from './wasm/cpu-kernels';
import { ACTIVATION_CODE, type KernelActivation, type Mask, type SpawnHelper, type ThreadsInfo } from './wasm/threads';
import { sddmmWebGpu, spmmWebGpu } from './sparse-webgpu';

/**
 * `capacity` pads the entries to that length (for backends that must see the same shapes every batch:
 * see padsBlocks); it must be at least the block's entries.
 */
export function csrBlock(m: Csr, rows: ArrayLike<number>, capacity = 0): CsrBlock {
  let recent = recentBlocks.get(m);
  if (!recent) recentBlocks.set(m, (recent = []));
  const at = recent.findIndex((r) => r.capacity === capacity && sameRows(r.rows, rows));
  if (at >= 0) {
    const [hit] = recent.splice(at, 1);
    recent.unshift(hit);
    return hit.block;
  }
  const block = makeBlock(m, rows, capacity);
  recent.unshift({ rows: Int32Array.from(rows), capacity, block });
  recent.length = Math.min(recent.length, RECENT_BLOCKS);
  return block;
}

/**
 * Blocks made last, per matrix: a training step asks for its batch's block twice (the model's input rows, and
 * where its predictions meet the ratings: the same rows of the same matrix), and so does evaluation. Blocks are
 * never written to, so one serves both (and its columns, blockColumns, are grouped once).
 */
const RECENT_BLOCKS = 4;
const recentBlocks = new WeakMap<Csr, { rows: Int32Array; capacity: number; block: CsrBlock }[]>();

function sameRows(a: Int32Array, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function makeBlock(m: Csr, rows: ArrayLike<number>, capacity: number): CsrBlock {
  const ptr = new Int32Array(rows.length + 1);
  for (let b = 0; b < rows.length; b++) ptr[b + 1] = ptr[b] + (rows[b] < 0 ? 0 : m.rowPtr[rows[b] + 1] - m.rowPtr[rows[b]]);
  const n = ptr[rows.length];
  if (capacity && capacity < n) throw new Error(`a block of ${n} entries does not fit its capacity of ${capacity}`);
  const size = Math.max(n, capacity);
  const col = new Int32Array(size);
  const val = new Float32Array(size);
  const row = new Int32Array(size).fill(-1, n);
  for (let b = 0; b < rows.length; b++) {
    if (rows[b] < 0) continue;
    const from = m.rowPtr[rows[b]];
    const len = ptr[b + 1] - ptr[b];
    col.set(m.colIdx.subarray(from, from + len), ptr[b]);
    val.set(m.values.subarray(from, from + len), ptr[b]);
    row.fill(b, ptr[b], ptr[b + 1]);
  }
  return { rows: rows.length, cols: m.cols, ptr, col, val, row };
}

/** A block's entries grouped by column: column c's entries are order[j] for j in ptr[c]..ptr[c + 1], in entry order. */
export interface BlockColumns {
  readonly ptr: Int32Array;
  readonly order: Int32Array;
}

const columnsMade = new WeakMap<CsrBlock, BlockColumns>();

/**
 * The block's entries by column (a stable counting sort, O(entries + cols)), made once per block: the gradients
 * of the weights (one row per column) sum each output row's entries in entry order, as a plain scatter would.
 */
export function blockColumns(b: CsrBlock): BlockColumns {
  let c = columnsMade.get(b);
  if (!c) columnsMade.set(b, (c = groupByRow(b.cols, b.col, b.ptr[b.rows])));
  return c;
}

/**
 * True where blocks should all have one size (padded to a capacity): tfjs-webgpu pools freed
 * buffers by exact size for good, so varying entry counts would grow GPU memory epoch after epoch.
 */
export function padsBlocks(): boolean {
  return tf.getBackend() === 'webgpu';
}

type CustomGrad = Parameters<typeof tf.customGrad>[0];
type SaveFunc = (tensors: tf.Tensor[]) => void;

/* On webgpu they are WGSL shaders (sparse-webgpu.ts) and data stays on the GPU. On the wasm backend
   the kernels run in place on its tensors; on cpu they read inputs with dataSync
   (tensors there live in JS memory anyway). Work is O(entries x hidden); nothing of size rows x cols
   is ever made. Intermediate tensors are left to the caller's tf.tidy, as for any tfjs op. */

/**
 * The block's structure against the weight's rows, once per op (checkBlock, O(rows)); the entries' row and
 * column numbers are checked by every wasm and cpu kernel call, and here, once, for the webgpu shaders.
 */
function checked(op: string, x: CsrBlock, weightRows: number): boolean {
  const webgpu = tf.getBackend() === 'webgpu';
  checkBlock(op, x, weightRows, webgpu);
  if (webgpu) checkBlockEntries(op, x, weightRows);
  return webgpu;
}

/**
 * Runs the active backend's sparse kernels on `threads` CPU threads from now on (wasm: in tfjs's heap,
 * where its threaded build runs; cpu: in the kernels' own memory), helpers started with `spawn`. Says how
 * many run and why not more; undefined on the GPU backends, whose kernels are shaders.
 */
export async function useKernelThreads(threads: number, spawn: SpawnHelper | undefined): Promise<ThreadsInfo | undefined> {
  const backend = tf.getBackend();
  if (backend !== 'wasm' && backend !== 'cpu') return undefined;
  const heap = backend === 'wasm' ? heapKernels() : undefined;
  return (heap ?? kernels()).useThreads(threads, spawn);
}

/** X W for a sparse X (the block) and dense W [cols, H] -> [rows, H]; gradient dW = X^T dY. */
export function spmm(x: CsrBlock, w: tf.Tensor2D): tf.Tensor2D {
  if (checked('spmm', x, w.shape[0])) return spmmWebGpu(x, w);
  const [U, H] = w.shape;
  const heap = heapKernels();
  if (heap) {
    const op = tf.customGrad(((wt: tf.Tensor, save: SaveFunc) => {
      const [row, col, val, ptr] = [tf.tensor1d(x.row, 'int32'), tf.tensor1d(x.col, 'int32'), tf.tensor1d(x.val), tf.tensor1d(x.ptr, 'int32')];
      save([row, val]);
      const value = heap.rowsum(x.rows, ptr, undefined, val, col, wt, H);
      tf.dispose([col, ptr]);
      return {
        value,
        gradFunc: (dy: tf.Tensor, [r, v]: tf.Tensor[]) => {
          const t = blockColumns(x);
          return tf.tidy(() => heap.rowsum(U, tf.tensor1d(t.ptr, 'int32'), tf.tensor1d(t.order, 'int32'), v, r, dy, H));
        },
      };
    }) as CustomGrad);
    return op(w) as tf.Tensor2D;
  }
  const k = kernels();
  const op = tf.customGrad(((wt: tf.Tensor) => ({
    value: tf.tensor2d(k.rowsum(x.rows, x.ptr, undefined, x.val, wt.dataSync() as Float32Array, x.col, H), [x.rows, H]),
    gradFunc: (dy: tf.Tensor) => {
      const t = blockColumns(x);
      return tf.tensor2d(k.rowsum(U, t.ptr, t.order, x.val, dy.dataSync() as Float32Array, x.row, H), [U, H]);
    },
  })) as CustomGrad);
  return op(w) as tf.Tensor2D;
}

/**
 * act(X W + b) for a sparse X (the block), a first layer, in kernels with their own gradients where the active
 * backend has them (wasm, with SIMD; activations ACTIVATION_CODE): one rowsum that adds the bias and applies the
 * activation as it stores each sum; backward dZ = dY act'(Y) from the output, dW = X^T dZ, db = dZ's column
 * sums, each a kernel on the threads. With `dropout` (a mask's parameters), the layer's output times that mask,
 * in the same numbers as tf.mul(layer, dropoutMask(...)) and its gradient (the mask drawn in the kernels, never
 * stored). Undefined elsewhere: the caller composes spmm, add, the activation and dropout.
 */
export function spmmLayer(x: CsrBlock, w: tf.Tensor2D, b: tf.Tensor1D, act: string, dropout?: Mask): tf.Tensor2D | undefined {
  const heap = tf.getBackend() === 'wasm' ? heapKernels() : undefined;
  if (!heap || !(act in ACTIVATION_CODE)) return undefined;
  const a = act as KernelActivation;
  checked('spmm', x, w.shape[0]);
  const [U, H] = w.shape;
  const op = tf.customGrad(((wt: tf.Tensor, bt: tf.Tensor, save: SaveFunc) => {
    const [row, col, val, ptr] = [tf.tensor1d(x.row, 'int32'), tf.tensor1d(x.col, 'int32'), tf.tensor1d(x.val), tf.tensor1d(x.ptr, 'int32')];
    const y = heap.rowsum(x.rows, ptr, undefined, val, col, wt, H, { bias: bt, act: a });
    save([row, val, y]);
    tf.dispose([col, ptr]);
    return {
      value: dropout ? heap.dropout(y, dropout) : y,
      gradFunc: (dy: tf.Tensor, [r, v, out]: tf.Tensor[]) => {
        const t = blockColumns(x);
        return tf.tidy(() => {
          const dz = heap.actgrad(dy, out, a, dropout) as tf.Tensor2D;
          return [heap.rowsum(U, tf.tensor1d(t.ptr, 'int32'), tf.tensor1d(t.order, 'int32'), v, r, dz, H), heap.colsum(dz)];
        });
      },
    };
  }) as CustomGrad);
  return op(w, b) as tf.Tensor2D;
}

/**
 * The decoder h W2 + b2 evaluated only at the block's entries: one value per entry (row_k, col_k).
 * h [rows, H], w2t = W2 transposed [cols, H] (one contiguous row per output), b2 [cols]. Gradients go
 * to h, w2t and b2 from those entries only.
 */
export function sddmm(x: CsrBlock, h: tf.Tensor2D, w2t: tf.Tensor2D, b2: tf.Tensor1D): tf.Tensor1D {
  const [U, H] = w2t.shape;
  if (h.shape[0] !== x.rows || h.shape[1] !== H || b2.shape[0] !== U) {
    throw new Error(`sddmm: a block of ${x.rows} rows with h [${h.shape}], w2t [${w2t.shape}] and b2 [${b2.shape}]: want h [${x.rows}, ${H}] and b2 [${U}]`);
  }
  if (checked('sddmm', x, U)) return sddmmWebGpu(x, h, w2t, b2);
  const heap = heapKernels();
  if (heap) {
    const op = tf.customGrad(((ht: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor, save: SaveFunc) => {
      const [row, col] = [tf.tensor1d(x.row, 'int32'), tf.tensor1d(x.col, 'int32')];
      save([row, col, wt, ht]);
      return {
        value: heap.dots(ht, row, wt, col, H, bt),
        gradFunc: (g: tf.Tensor, [r, c, w, h]: tf.Tensor[]) => {
          const t = blockColumns(x);
          return tf.tidy(() => {
            const [ptr, tptr, order] = [tf.tensor1d(x.ptr, 'int32'), tf.tensor1d(t.ptr, 'int32'), tf.tensor1d(t.order, 'int32')];
            return [
              heap.rowsum(x.rows, ptr, undefined, g, c, w, H),
              heap.rowsum(U, tptr, order, g, r, h, H),
              tf.reshape(heap.rowsum(U, tptr, order, g, tf.zeros([x.col.length], 'int32'), tf.ones([1, 1]), 1), [U]), // db: g summed by column
            ];
          });
        },
      };
    }) as CustomGrad);
    return op(h, w2t, b2) as tf.Tensor1D;
  }
  const k = kernels();
  const op = tf.customGrad(((ht: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) => {
    const Hd = ht.dataSync() as Float32Array;
    const W = wt.dataSync() as Float32Array;
    const bias = bt.dataSync() as Float32Array;
    const out = k.dots(Hd, x.row, W, x.col, H);
    for (let e = 0; e < out.length; e++) out[e] += bias[x.col[e]];
    return {
      value: tf.tensor1d(out),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const db = new Float32Array(U);
        for (let e = 0; e < g.length; e++) db[x.col[e]] += g[e];
        const t = blockColumns(x);
        return [tf.tensor2d(k.rowsum(x.rows, x.ptr, undefined, g, W, x.col, H), [x.rows, H]), tf.tensor2d(k.rowsum(U, t.ptr, t.order, g, Hd, x.row, H), [U, H]), tf.tensor1d(db)];
      },
    };
  }) as CustomGrad);
  return op(h, w2t, b2) as tf.Tensor1D;
}
