import * as tf from '@tensorflow/tfjs';
import { decode } from './kernels';
import { KERNELS_IMPORTED_MEMORY_WASM_BASE64 } from './kernels-wasm';

/** What the kernels need of tfjs's wasm backend (not in its public types). */
interface WasmBackendInternals {
  wasm?: { asm?: { memory?: unknown } };
  dataIdMap?: { get(id: object): { memoryOffset: number } | undefined };
}

interface Exports {
  scatter(n: number, a: number, yi: number, y: number, xi: number, x: number, h: number): void;
  dots(n: number, out: number, pi: number, p: number, qi: number, q: number, h: number): void;
  adam(n: number, w: number, wo: number, g: number, m: number, v: number, l2: number, b1: number, omb1: number, b2: number, omb2: number, oma1: number, oma2: number, eps: number, nlr: number): void;
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
}

/**
 * The SIMD kernels working in place on the wasm backend's tensors: no copies in or out. Inputs must be
 * float32 (a, x, p, q) or int32 (indices) tensors of the wasm backend; results are new tensors.
 */
export interface HeapKernels {
  scatter(yRows: number, yi: tf.Tensor, a: tf.Tensor, x: tf.Tensor, xi: tf.Tensor, h: number): tf.Tensor2D;
  dots(p: tf.Tensor, pi: tf.Tensor, q: tf.Tensor, qi: tf.Tensor, h: number): tf.Tensor1D;
  /**
   * One Adam step: m and v updated in place (they must own their memory), the new weights returned.
   * Weights are never changed in place: tfjs-wasm caches packed copies of matMul operands by buffer.
   */
  adam(w: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: AdamStep): tf.Tensor;
}

/** The wasm backend's memory size, when it is the active backend. */
export function wasmHeapBytes(): number | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const memory = (tf.backend() as unknown as WasmBackendInternals).wasm?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory.buffer.byteLength : undefined;
}

const made = new WeakMap<object, HeapKernels | null>();

/** The in-place kernels when the active backend is wasm with an unshared memory and SIMD, else undefined. */
export function heapKernels(): HeapKernels | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const backend = tf.backend();
  if (!made.has(backend)) made.set(backend, instantiate(backend as unknown as WasmBackendInternals));
  return made.get(backend) ?? undefined;
}

function instantiate(b: WasmBackendInternals): HeapKernels | null {
  const memory = b.wasm?.asm?.memory;
  const ids = b.dataIdMap;
  if (!(memory instanceof WebAssembly.Memory) || !ids) return null;
  let e: Exports;
  try {
    e = new WebAssembly.Instance(new WebAssembly.Module(decode(KERNELS_IMPORTED_MEMORY_WASM_BASE64)), { env: { memory } }).exports as unknown as Exports;
  } catch {
    return null; // no SIMD, or a shared (threaded) heap
  }
  const at = (t: tf.Tensor): number => {
    const d = ids.get(t.dataId);
    if (!d) throw new Error('tensor is not on the wasm backend');
    return d.memoryOffset;
  };
  return {
    scatter(yRows, yi, a, x, xi, h) {
      const y = tf.fill([yRows, h], 0) as tf.Tensor2D;
      e.scatter(a.size, at(a), at(yi), at(y), at(xi), at(x), h);
      return y;
    },
    dots(p, pi, q, qi, h) {
      const out = tf.fill([pi.size], 0) as tf.Tensor1D;
      e.dots(pi.size, at(out), at(pi), at(p), at(qi), at(q), h);
      return out;
    },
    adam(w, g, m, v, s) {
      const f = Math.fround;
      const next = tf.fill(w.shape, 0);
      e.adam(w.size, at(w), at(next), at(g), at(m), at(v), s.l2, s.beta1, f(1 - s.beta1), s.beta2, f(1 - s.beta2), s.oneMinusAccBeta1, s.oneMinusAccBeta2, s.epsilon, -s.learningRate);
      return next;
    },
  };
}
