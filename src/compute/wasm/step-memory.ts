import type * as tf from '@tensorflow/tfjs';
import type { Moments } from '../train-step';
import type { KernelThreads } from './threads';

/**
 * What the fused step needs of the memory the kernels run in: tfjs-wasm's heap on the wasm backend (wasm-heap.ts),
 * the kernels' own memory on cpu (cpu-kernels.ts). Buffers are byte offsets into it, which never move.
 */
export interface StepMemory {
  readonly memory: WebAssembly.Memory;
  /** A buffer of n 4-byte values, not initialised, kept until `free`: its byte offset (16-byte aligned). */
  alloc(n: number, dtype: 'float32' | 'int32'): number;
  free(at: number): void;
  /** Copies tensor t's values (t.size floats) to `at`. */
  write(t: tf.Tensor, at: number): void;
  /** A new flat tensor (the caller's) holding the n floats at `at`. */
  read(at: number, n: number): tf.Tensor;
  /**
   * Where the optimizer's moments lie in this memory, for the step to step them in place (wasm: they are tensors of
   * this heap); absent where they cannot (cpu: tfjs keeps them in JavaScript arrays), and the step keeps its own.
   */
  momentsAt?(mv: Moments): { m: number; v: number };
  /** The kernels on their threads now (they can change between calls: useThreads). */
  threads(): KernelThreads;
}
