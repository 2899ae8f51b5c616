import * as tf from '@tensorflow/tfjs';
import { checkDots, checkRowsum, decode, rowsOf } from './cpu-kernels';
import { KERNELS_IMPORTED_MEMORY_WASM_BASE64, KERNELS_SHARED_MEMORY_WASM_BASE64 } from './kernels-binary';
import { sharedMemoryMissing, ThreadPool } from './thread-pool';
import { FusedStep } from './fused-step';
import type { StepShape } from '../train-step';
import { ACTIVATION_CODE, type AdamScalars, type KernelActivation, type KernelExports, type Mask, type SpawnHelper, type ThreadsInfo } from './threads';

/** What the kernels need of tfjs's wasm backend (not in its public types). */
interface WasmBackendInternals {
  /** The heap: exported by the single-threaded build (asm.memory), made by the glue in the threaded one (wasmMemory). */
  wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown };
  dataIdMap?: { get(id: object): { memoryOffset: number } | undefined };
}

export interface AdamStep {
  l2: number;
  beta1: number;
  beta2: number;
  /** 1 - beta^t, as f32. */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  learningRate: number;
  /** Lazy Adam (the optimizer lazyadam): weights whose gradient is zero keep value and moments. */
  lazy?: boolean;
}

/**
 * The SIMD kernels working in place on the wasm backend's tensors: no copies in or out. Inputs must be
 * float32 (a, x, p, q) or int32 (indices) tensors of the wasm backend; results are new tensors. Each call
 * first checks its bounds (kernels.ts checkRowsum / checkDots: every index inside the matrix it
 * indexes, read in place, one pass) and throws a clear Error instead of writing over other tensors.
 */
export interface HeapKernels {
  /**
   * y [yRows, h]: row r = sum of a[k] x[xi[k]] over j in ptr[r]..ptr[r + 1], k = order[j] (or j without `order`):
   * a scatter of entries grouped by output row (kernels.wat rowsum), each output row written once.
   */
  rowsum(yRows: number, ptr: tf.Tensor, order: tf.Tensor | undefined, a: tf.Tensor, xi: tf.Tensor, x: tf.Tensor, h: number, layer?: { bias: tf.Tensor; act: KernelActivation }): tf.Tensor2D;
  /** dy times the derivative of `act` at its output h (same shapes): the gradient through the activation; dy first times the dropout mask `mask` where one followed. */
  actgrad(dy: tf.Tensor, h: tf.Tensor, act: KernelActivation, mask?: Mask): tf.Tensor;
  /** The column sums of x [rows, h]: [h]. */
  colsum(x: tf.Tensor2D): tf.Tensor1D;
  /** out[k] = p[pi[k]] . q[qi[k]], + b[qi[k]] where the bias `b` is given. */
  dots(p: tf.Tensor, pi: tf.Tensor, q: tf.Tensor, qi: tf.Tensor, h: number, b?: tf.Tensor): tf.Tensor1D;
  /**
   * One Adam step: m and v updated in place (they must own their memory), the new weights returned.
   * Weights are never changed in place: tfjs-wasm caches packed copies of matMul operands by buffer.
   */
  adam(w: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: AdamStep): tf.Tensor;
  /** A dropout mask of this shape (dropout.ts maskParams), drawn in place. */
  dropoutMask(shape: number[], p: Mask): tf.Tensor;
  /** x times the dropout mask of its shape (the same numbers as tf.mul(x, dropoutMask(x.shape, p))), in one pass. */
  dropout(x: tf.Tensor, p: Mask): tf.Tensor;
  /** The default model's training step in four kernel calls a batch, on this heap and these threads (fused-step.ts). */
  fusedStep(shape: StepShape): FusedStep;
  /** Drops the pool of large rowsum outputs (those still in use are freed when their tensors are). */
  release(): void;
  /**
   * Runs the kernels on `threads` CPU threads from now on (this one and threads - 1 helpers started with
   * `spawn`), where tfjs's heap is shared (its threaded build); says how many run, and why not more.
   */
  useThreads(threads: number, spawn: SpawnHelper | undefined): Promise<ThreadsInfo>;
}

/** An Adam step's scalars as the kernels take them (kernels.wat adam), in f32. */
export function adamScalars(s: AdamStep): AdamScalars {
  const f = Math.fround;
  return { l2: f(s.l2), b1: f(s.beta1), omb1: f(1 - s.beta1), b2: f(s.beta2), omb2: f(1 - s.beta2), oma1: f(s.oneMinusAccBeta1), oma2: f(s.oneMinusAccBeta2), eps: f(s.epsilon), nlr: -f(s.learningRate), lazy: s.lazy ? 1 : 0 };
}

/**
 * Rowsum outputs of at least this many bytes (the weight gradients, inputs x hidden floats) reuse
 * buffers of a pool instead of the heap's allocator: freed and allocated every step, among the batch's
 * smaller tensors of varying size, they would leave holes the allocator splits, and the heap (which never
 * shrinks) would grow by whole weight matrices. Weights themselves are not pooled: tfjs-wasm caches
 * packed matMul operands by tensor id.
 */
export const POOL_MIN_BYTES = 16 * 2 ** 20;

function heapMemory(b: WasmBackendInternals): WebAssembly.Memory | undefined {
  const memory = b.wasm?.asm?.memory ?? b.wasm?.wasmMemory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

/** The wasm backend's memory size, when it is the active backend. */
export function wasmHeapBytes(): number | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  return heapMemory(tf.backend() as unknown as WasmBackendInternals)?.buffer.byteLength;
}

const made = new WeakMap<object, HeapKernels | null>();

/** The in-place kernels when the active backend is wasm and the engine has SIMD, else undefined. */
export function heapKernels(): HeapKernels | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const backend = tf.backend();
  if (!made.has(backend)) made.set(backend, instantiate(backend as unknown as WasmBackendInternals));
  return made.get(backend) ?? undefined;
}

function instantiate(b: WasmBackendInternals): HeapKernels | null {
  const memory = heapMemory(b);
  const ids = b.dataIdMap;
  if (!memory || !ids) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  let module: WebAssembly.Module;
  let e: KernelExports;
  try {
    module = new WebAssembly.Module(decode(shared ? KERNELS_SHARED_MEMORY_WASM_BASE64 : KERNELS_IMPORTED_MEMORY_WASM_BASE64));
    e = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  } catch {
    return null; // no SIMD
  }
  const why = sharedMemoryMissing() ?? 'tfjs-wasm runs its single-threaded build here (its heap is not shared)';
  const team = new ThreadPool(e, shared ? { memory, module } : why);
  const at = (t: tf.Tensor): number => {
    const d = ids.get(t.dataId);
    if (!d) throw new Error('tensor is not on the wasm backend');
    return d.memoryOffset;
  };
  const dtype = (kernel: string, what: string, t: tf.Tensor, want: tf.DataType) => {
    if (t.dtype !== want) throw new Error(`${kernel}: ${what} must be ${want}, not ${t.dtype}`);
  };
  /** The index tensor's ints, in place (a view: valid until the heap next grows). */
  const view = (t: tf.Tensor) => new Int32Array(memory.buffer, at(t), t.size);
  const buffers: tf.Tensor[] = [];
  /**
   * A float32 tensor of the wasm backend on fresh memory, not initialised: for outputs the kernels write
   * in full (no fill pass on this thread first).
   */
  const empty = (shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.Tensor => {
    const backend = tf.backend() as unknown as { makeOutput(shape: number[], dtype: 'float32' | 'int32'): tf.TensorInfo };
    return tf.engine().makeTensorFromTensorInfo(backend.makeOutput(shape, dtype));
  };
  /** A [rows, h] tensor for a rowsum to fill: from the pool (a buffer only the pool holds) when it is large. */
  const output = (rows: number, h: number): tf.Tensor2D => {
    const n = rows * h;
    if (n * 4 < POOL_MIN_BYTES) return empty([rows, h]) as tf.Tensor2D;
    const backend = tf.backend();
    let p = buffers.find((t) => t.size === n && backend.refCount(t.dataId) === 1);
    if (!p) buffers.push((p = tf.keep(empty([n]))));
    return tf.reshape(p, [rows, h]);
  };
  return {
    rowsum(yRows, ptr, order, a, xi, x, h, layer) {
      dtype('rowsum', 'the row pointers', ptr, 'int32');
      if (order) dtype('rowsum', 'the order', order, 'int32');
      dtype('rowsum', 'the input row indices', xi, 'int32');
      dtype('rowsum', 'the scales', a, 'float32');
      dtype('rowsum', 'the input', x, 'float32');
      if (xi.size !== a.size) throw new Error(`rowsum: ${a.size} scales but ${xi.size} input row indices`);
      checkRowsum(yRows, view(ptr), order && view(order), a.size, view(xi), rowsOf('rowsum', 'the input', x.size, h), h);
      if (layer) {
        dtype('rowsum', 'the bias', layer.bias, 'float32');
        if (layer.bias.size !== h) throw new Error(`rowsum: a bias of ${layer.bias.size} for rows of ${h}`);
      }
      const y = output(yRows, h);
      team.kernels.rowsum(yRows, at(ptr), order && at(order), at(a), at(xi), at(x), h, at(y), layer ? { mode: 1 + ACTIVATION_CODE[layer.act], b: at(layer.bias) } : undefined);
      return y;
    },
    actgrad(dy, h, act, mask) {
      dtype('actgrad', 'the gradient', dy, 'float32');
      dtype('actgrad', 'the output', h, 'float32');
      if (dy.size !== h.size) throw new Error(`actgrad: a gradient of ${dy.size} for an output of ${h.size}`);
      const out = empty(dy.shape);
      team.kernels.actgrad(dy.size, at(dy), at(h), at(out), ACTIVATION_CODE[act], mask);
      return out;
    },
    colsum(x) {
      dtype('colsum', 'the matrix', x, 'float32');
      const [rows, h] = x.shape;
      const out = empty([h]) as tf.Tensor1D;
      team.kernels.colsum(at(x), rows, h, at(out));
      return out;
    },
    dots(p, pi, q, qi, h, b) {
      dtype('dots', 'the left row indices', pi, 'int32');
      dtype('dots', 'the right row indices', qi, 'int32');
      dtype('dots', 'the left matrix', p, 'float32');
      dtype('dots', 'the right matrix', q, 'float32');
      const pRows = rowsOf('dots', 'the left matrix', p.size, h);
      const qRows = rowsOf('dots', 'the right matrix', q.size, h);
      checkDots(pi.size, pRows, view(pi), qRows, view(qi), h);
      if (b) {
        dtype('dots', 'the bias', b, 'float32');
        if (b.size !== qRows) throw new Error(`dots: a bias of ${b.size} for ${qRows} right rows`);
      }
      const out = empty([pi.size]) as tf.Tensor1D;
      team.kernels.dots(pi.size, at(out), at(pi), at(p), at(qi), at(q), h, b && at(b));
      return out;
    },
    adam(w, g, m, v, s) {
      for (const [what, t] of [['gradient', g], ['first moment', m], ['second moment', v]] as const) {
        if (t.size !== w.size || t.dtype !== 'float32' || w.dtype !== 'float32') throw new Error(`adam: the ${what} (${t.size} ${t.dtype}) does not match the weight (${w.size} ${w.dtype})`);
      }
      const next = empty(w.shape);
      team.kernels.adam(w.size, at(w), at(next), at(g), at(m), at(v), adamScalars(s));
      return next;
    },
    dropoutMask(shape, p) {
      const out = empty(shape);
      team.kernels.dropout(at(out), out.size, p.seed, p.threshold, p.scale);
      return out;
    },
    dropout(x, p) {
      dtype('dropout', 'the input', x, 'float32');
      const out = empty(x.shape);
      team.kernels.dropout(at(out), out.size, p.seed, p.threshold, p.scale, at(x));
      return out;
    },
    fusedStep(shape) {
      // the step's buffers: tensors of this heap, kept by their offsets (which never move) until freed
      const held = new Map<number, tf.Tensor>();
      const bytes = () => new Uint8Array(memory.buffer);
      const copy = (to: number, from: number, n: number) => bytes().copyWithin(to, from, from + 4 * n);
      return new FusedStep(
        {
          memory,
          alloc(n, dtype) {
            const t = tf.keep(empty([n], dtype));
            held.set(at(t), t);
            return at(t);
          },
          free(b) {
            held.get(b)?.dispose();
            held.delete(b);
          },
          write: (t, to) => copy(to, at(t), t.size),
          read(from, n) {
            const out = empty([n]);
            copy(at(out), from, n);
            return out;
          },
          momentsAt: (mv) => ({ m: at(mv.m), v: at(mv.v) }),
          threads: () => team.kernels,
        },
        shape,
      );
    },
    release() {
      tf.dispose(buffers.splice(0));
    },
    useThreads(threads, spawn) {
      return team.use(threads, spawn);
    },
  };
}
