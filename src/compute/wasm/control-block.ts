import { callParams, KERNEL_ARGS, KERNEL_NAMES, type KernelCall, type KernelName } from './kernel-args';

/**
 * The control block the caller and the helper threads share, Int32 words: CLAIM = generation << 16 | parts << 8 |
 * next part (claimed with compareExchange, so a helper that wakes late can never take a part of a later call);
 * DONE = parts finished; FAILED = 1 + the helper whose part trapped; ARGS = the op, then the arguments the call
 * supplies (KERNEL_ARGS order; 'f32' ones as floats); PARTS = [start, length] of each part.
 */
export const CLAIM = 0;
export const DONE = 1;
export const FAILED = 2;
export const ARGS = 4;
/** The most arguments a call supplies, of any kernel. */
const MAX_CALL_ARGS = Math.max(...KERNEL_NAMES.map((k) => callParams(k).length));
export const PARTS = ARGS + 1 + MAX_CALL_ARGS;
/** Parts of one call at most (8 bits of CLAIM). */
export const MAX_PARTS = 64;
export const WORDS = PARTS + 2 * MAX_PARTS;
/** The op of each kernel (1 + its place in KERNEL_ARGS), and of the helpers' stop. */
export const OP = Object.fromEntries(KERNEL_NAMES.map((k, i) => [k, i + 1])) as Record<KernelName, number>;
export const STOP = 255;
/**
 * Loads of the control word before a thread sleeps on it (Atomics.wait): a few microseconds. A helper that spun
 * for long between calls would hold a core the page, the browser or the caller's own single-threaded steps need.
 */
export const SPIN = 2000;

/** Writes a call of `kernel` (its op and the arguments it supplies) into the control block. */
export function packCall<K extends KernelName>(c: Int32Array, f: Float32Array, kernel: K, call: KernelCall<K>): void {
  const values = call as Record<string, number>;
  c[ARGS] = OP[kernel];
  callParams(kernel).forEach(([name, kind], j) => {
    if (kind === 'f32') f[ARGS + 1 + j] = values[name];
    else c[ARGS + 1 + j] = values[name];
  });
}

/**
 * The JavaScript expression (for the helper's program) of one part's call of `kernel`, reading what packCall
 * wrote: `e` the exports, `c`/`f` the block as ints/floats, `a` = ARGS, `s`/`n` the part's start and length, `i` its index.
 */
export function unpackSource(kernel: KernelName): string {
  let j = 0;
  const args = KERNEL_ARGS[kernel].map(([, kind]) => {
    switch (kind) {
      case 'start':
        return 's';
      case 'end':
        return 's + n';
      case 'length':
        return 'n';
      case 'part':
        return 'i';
      case 'f32':
        return `f[a + ${++j}]`;
      case 'at':
        return `c[a + ${++j}] + 4 * s`;
      case 'i32':
        return `c[a + ${++j}]`;
    }
  });
  return `e.${kernel}(${args.join(', ')})`;
}
