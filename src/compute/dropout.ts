import * as tf from '@tensorflow/tfjs';
import { heapKernels } from './wasm/wasm-heap';
import type { Mask } from './wasm/threads';

/**
 * Dropout masks from a counter-based hash: element j of the mask of `seed` keeps its unit (value
 * 1 / (1 - rate)) when fmix32(j * 0x9E3779B9 + mix(seed)) >= rate * 2^32, else drops it (0). Integer
 * arithmetic only, so the wasm kernel (kernels.wat `dropout`, split over the CPU threads) and this
 * JavaScript give the very same mask on every backend; each element is independent of the others, so
 * threads draw their parts without sharing a generator's state.
 */
export type MaskParams = Mask;

/** MurmurHash3's 32-bit finaliser (as uint32 arithmetic in an int32). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export function maskParams(rate: number, seed: number): MaskParams {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout rate ${rate} is not in [0, 1)`);
  return {
    seed: fmix32((seed | 0) ^ 0x5bd1e995),
    // keep when the uint32 hash is at least this: a share `rate` of hashes falls below it
    threshold: Math.min(2 ** 32 - 1, Math.round(rate * 2 ** 32)) | 0,
    scale: Math.fround(1 / (1 - rate)),
  };
}

/** The mask's values in JavaScript (the kernel's twin): n floats, element indices first .. first + n. */
export function maskValues(n: number, p: MaskParams, first = 0): Float32Array {
  const out = new Float32Array(n);
  const threshold = p.threshold >>> 0;
  for (let i = 0; i < n; i++) {
    const h = fmix32((Math.imul(first + i, 0x9e3779b9) + p.seed) | 0) >>> 0;
    out[i] = h >= threshold ? p.scale : 0;
  }
  return out;
}

/** A [rows, cols] dropout mask of `rate` for `seed` on the active backend: drawn in place on wasm (threads), else uploaded. */
export function dropoutMask(rows: number, cols: number, rate: number, seed: number): tf.Tensor2D {
  const p = maskParams(rate, seed);
  const heap = heapKernels();
  if (heap) return heap.dropoutMask([rows, cols], p) as tf.Tensor2D;
  return tf.tensor2d(maskValues(rows * cols, p), [rows, cols]);
}

/** h with dropout of `rate` (training): h times the mask of `seed`; the gradient flows through the same mask. */
export function applyDropout(h: tf.Tensor2D, rate: number, seed: number): tf.Tensor2D {
  const [rows, cols] = h.shape;
  return tf.mul(h, dropoutMask(rows, cols, rate, seed));
}
