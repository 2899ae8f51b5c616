import * as tf from '@tensorflow/tfjs';
import { KERNELS_SHARED_MEMORY_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernels-binary';
import type { CsrBlock } from '../../data/types';
import { sharedMemoryMissing, ThreadPool } from './thread-pool';
import type { StepMemory } from './step-memory';
import type { KernelExports, SpawnHelper, ThreadsInfo } from './threads';

/**
 * The two loops of sparse AutoRec, over rows of length h of row-major f32 matrices:
 * scatter: y = 0; y[yi[k]] += a[k] * x[xi[k]] for every k (y has yRows rows); rowsum is the same with the
 * entries grouped by output row (CSR row pointers, and an order where they are not already grouped);
 * dots: out[k] = p[pi[k]] . q[qi[k]].
 */
export interface Kernels {
  readonly kind: 'wasm-simd' | 'js';
  scatter(yRows: number, yi: Int32Array, a: Float32Array, x: Float32Array, xi: Int32Array, h: number): Float32Array;
  /** y[r] = sum of a[k] x[xi[k]] over j in ptr[r]..ptr[r + 1], k = order[j] (or j without `order`): scatter by CSR rows. */
  rowsum(yRows: number, ptr: Int32Array, order: Int32Array | undefined, a: Float32Array, x: Float32Array, xi: Int32Array, h: number): Float32Array;
  dots(p: Float32Array, pi: Int32Array, q: Float32Array, qi: Int32Array, h: number): Float32Array;
  /** Runs on `threads` CPU threads from now on where it can (helpers started with `spawn`); says how many, and why not more. */
  useThreads(threads: number, spawn: SpawnHelper | undefined): Promise<ThreadsInfo>;
  /** Buffers in the kernels' memory for a fused step (fused-step.ts) on these threads: the SIMD kernels only. */
  stepMemory?(): StepMemory;
}

/**
 * Throws unless idx[0..n) are all in [0, bound): the check the kernels make once per call, before they
 * index (and write) by these numbers. One branch-light pass over n ints, next to the kernel's n x h
 * multiply-adds: measured at 0.9-1.2% of a wasm scatter at h = 500 (two index arrays, 15k to 2.7M entries).
 */
export function checkIndices(kernel: string, what: string, idx: Int32Array, n: number, bound: number, of: string): void {
  if (idx.length < n) throw new Error(`${kernel}: ${n} entries but ${idx.length} ${what.endsWith('index') ? `${what.slice(0, -5)}indices` : `${what}s`}`);
  let top = 0;
  for (let k = 0; k < n; k++) {
    const v = idx[k] >>> 0; // a negative index becomes 2^31 or more
    if (v > top) top = v;
  }
  if (n === 0 || top < bound) return;
  let k = 0;
  while ((idx[k] >>> 0) < bound) k++;
  const pad = idx[k] < 0 ? ' (a padded block? the wasm and cpu kernels take exact blocks)' : '';
  throw new Error(`${kernel}: ${what} ${idx[k]} at entry ${k} is outside the ${bound} rows of ${of}${pad}`);
}

/** The per-call checks of scatter (y has yRows rows, x has xRows, both h wide), before it writes y. */
export function checkScatter(n: number, yRows: number, yi: Int32Array, xRows: number, xi: Int32Array, h: number): void {
  if (!(Number.isInteger(h) && h > 0)) throw new Error(`scatter: row length ${h} is not a positive whole number`);
  checkIndices('scatter', 'output row index', yi, n, yRows, 'the output');
  checkIndices('scatter', 'input row index', xi, n, xRows, 'the input');
}

/**
 * The per-call checks of rowsum (y has yRows rows; n entries a and xi, x has xRows rows): row pointers that
 * start at 0 or more, never fall and end within the entries (or the order), every order entry and every
 * input row index inside its array.
 */
export function checkRowsum(yRows: number, ptr: Int32Array, order: Int32Array | undefined, n: number, xi: Int32Array, xRows: number, h: number): void {
  if (!(Number.isInteger(h) && h > 0)) throw new Error(`rowsum: row length ${h} is not a positive whole number`);
  if (ptr.length < yRows + 1) throw new Error(`rowsum: ${yRows} output rows but ${ptr.length} row pointers`);
  if (ptr[0] < 0) throw new Error(`rowsum: the row pointers start at ${ptr[0]}`);
  for (let r = 0; r < yRows; r++) if (ptr[r + 1] < ptr[r]) throw new Error(`rowsum: the row pointers fall at row ${r} (${ptr[r]} then ${ptr[r + 1]})`);
  const last = ptr[yRows];
  if (order) {
    if (last > order.length) throw new Error(`rowsum: the row pointers end at ${last}, past the ${order.length} entries of the order`);
    checkIndices('rowsum', 'entry index', order, last, n, 'the entries');
  } else if (last > n) throw new Error(`rowsum: the row pointers end at ${last}, past the ${n} entries`);
  checkIndices('rowsum', 'input row index', xi, n, xRows, 'the input');
}

/** The per-call checks of dots (p has pRows rows, q has qRows, both h wide). */
export function checkDots(n: number, pRows: number, pi: Int32Array, qRows: number, qi: Int32Array, h: number): void {
  if (!(Number.isInteger(h) && h > 0)) throw new Error(`dots: row length ${h} is not a positive whole number`);
  checkIndices('dots', 'left row index', pi, n, pRows, 'the left matrix');
  checkIndices('dots', 'right row index', qi, n, qRows, 'the right matrix');
}

/** Rows of a row-major matrix of `size` floats, `h` wide; throws when h does not divide it. */
export function rowsOf(kernel: string, what: string, size: number, h: number): number {
  if (size % h !== 0) throw new Error(`${kernel}: ${what} holds ${size} floats, not whole rows of ${h}`);
  return size / h;
}

/**
 * Checks a CSR block against the weight it is multiplied with (`weightRows` rows, one per block column),
 * once per op, before any kernel reads it, in O(rows): its arrays agree in length, ptr starts at 0, never
 * falls and ends within the entry arrays, and the block is of a matrix with that many columns. A padded
 * block (entries past ptr[rows], see csrBlock) passes only where `padded` allows it: the webgpu shaders
 * skip padding, the wasm and cpu kernels would index by its row -1. The entries' own row and column
 * numbers are checked by the kernels, once per call (checkScatter, checkDots), or by checkBlockEntries.
 */
export function checkBlock(op: string, b: CsrBlock, weightRows: number, padded = false): void {
  const { rows, ptr } = b;
  const len = b.col.length;
  if (ptr.length !== rows + 1) throw new Error(`${op}: a block of ${rows} rows has ${ptr.length} row pointers, not ${rows + 1}`);
  if (b.val.length !== len || b.row.length !== len) throw new Error(`${op}: the block's columns, values and rows differ in length (${len}, ${b.val.length}, ${b.row.length})`);
  if (b.cols !== weightRows) throw new Error(`${op}: a block of a matrix with ${b.cols} columns, against a weight of ${weightRows} rows (a block for another matrix?)`);
  if (ptr[0] !== 0) throw new Error(`${op}: the block's row pointers start at ${ptr[0]}, not 0`);
  for (let r = 0; r < rows; r++) {
    if (ptr[r + 1] < ptr[r]) throw new Error(`${op}: the block's row pointers fall at row ${r} (${ptr[r]} then ${ptr[r + 1]})`);
  }
  const n = ptr[rows];
  if (n > len) throw new Error(`${op}: the block's row pointers end at ${n}, past its ${len} entries`);
  if (n < len && !padded) throw new Error(`${op}: a padded block (${n} entries in arrays of ${len}): the wasm and cpu kernels take exact blocks`);
}

/** Every real entry's column inside the weight and row inside the block: one pass over the entries. */
export function checkBlockEntries(op: string, b: CsrBlock, weightRows: number): void {
  const n = b.ptr[b.rows];
  checkIndices(op, 'column', b.col, n, weightRows, 'the weight');
  checkIndices(op, 'block row', b.row, n, b.rows, 'the block');
}

/**
 * The module's memory as two regions: buffers held across calls (a fused step's, `hold`: first fit among the freed
 * ones, else at the end of the held region) and, above them, each call's copies, laid one after another (16-byte
 * aligned) from the held region's end at every `reset`. The memory grows as needed; offsets never move.
 */
class Arena {
  private base = 0;
  private top = 0;
  /** Held buffers' sizes by offset, and the freed ones' [offset, bytes]. */
  private readonly held = new Map<number, number>();
  private spare: [number, number][] = [];
  constructor(private readonly memory: WebAssembly.Memory) {}

  reset(): void {
    this.top = this.base;
  }

  alloc(bytes: number): number {
    const at = this.top;
    this.top = (at + bytes + 15) & ~15;
    this.fit(this.top);
    return at;
  }

  put(a: Float32Array | Int32Array): number {
    const at = this.alloc(a.byteLength);
    new Uint8Array(this.memory.buffer, at, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return at;
  }

  take(at: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, n).slice();
  }

  /** A buffer kept until `release` (between calls only: a call's copies lie above the held region). */
  hold(bytes: number): number {
    const size = Math.max(16, (bytes + 15) & ~15);
    const k = this.spare.findIndex(([, b]) => b >= size);
    let at: number;
    if (k >= 0) {
      const [from, b] = this.spare[k];
      at = from;
      if (b > size) this.spare[k] = [from + size, b - size];
      else this.spare.splice(k, 1);
    } else {
      at = this.base;
      this.base += size;
      this.fit(this.base);
    }
    this.held.set(at, size);
    this.top = Math.max(this.top, this.base);
    return at;
  }

  release(at: number): void {
    const size = this.held.get(at);
    if (size === undefined) return;
    this.held.delete(at);
    this.spare.push([at, size]);
    if (this.held.size === 0) [this.base, this.spare] = [0, []];
  }

  /** Grows the memory to hold `end` bytes. */
  private fit(end: number): void {
    const need = end - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / 65536));
  }
}

/**
 * The SIMD kernels on arrays copied into a memory of their own: a shared one where the engine has shared
 * memory (so that useThreads can split calls over threads), else the module's own.
 */
function wasmKernels(): Kernels {
  const missing = sharedMemoryMissing();
  const shared = missing ? undefined : new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const module = new WebAssembly.Module(decode(shared ? KERNELS_SHARED_MEMORY_WASM_BASE64 : KERNELS_WASM_BASE64));
  const instance = new WebAssembly.Instance(module, shared ? { env: { memory: shared } } : {});
  const e = instance.exports as unknown as KernelExports;
  const memory = shared ?? (instance.exports.memory as WebAssembly.Memory);
  const team = new ThreadPool(e, shared ? { memory: shared, module } : (missing ?? 'no shared memory'));
  const arena = new Arena(memory);
  return {
    kind: 'wasm-simd',
    scatter(yRows, yi, a, x, xi, h) {
      checkScatter(a.length, yRows, yi, rowsOf('scatter', 'the input', x.length, h), xi, h);
      const g = groupByRow(yRows, yi, a.length);
      return this.rowsum(yRows, g.ptr, g.order, a, x, xi, h);
    },
    rowsum(yRows, ptr, order, a, x, xi, h) {
      checkRowsum(yRows, ptr, order, a.length, xi, rowsOf('rowsum', 'the input', x.length, h), h);
      arena.reset();
      const [pptr, pa, pxi, px] = [arena.put(ptr), arena.put(a), arena.put(xi), arena.put(x)];
      const po = order ? arena.put(order) : undefined;
      const py = arena.alloc(yRows * h * 4);
      team.kernels.rowsum(yRows, pptr, po, pa, pxi, px, h, py);
      return arena.take(py, yRows * h);
    },
    dots(p, pi, q, qi, h) {
      checkDots(pi.length, rowsOf('dots', 'the left matrix', p.length, h), pi, rowsOf('dots', 'the right matrix', q.length, h), qi, h);
      arena.reset();
      const [pp, ppi, pq, pqi] = [arena.put(p), arena.put(pi), arena.put(q), arena.put(qi)];
      const out = arena.alloc(pi.length * 4);
      team.kernels.dots(pi.length, out, ppi, pp, pqi, pq, h);
      return arena.take(out, pi.length);
    },
    useThreads(threads, spawn) {
      return team.use(threads, spawn);
    },
    stepMemory: () => ({
      memory,
      alloc: (n) => arena.hold(4 * n),
      free: (at) => arena.release(at),
      write(t, at) {
        new Float32Array(memory.buffer, at, t.size).set(t.dataSync());
      },
      read: (at, n) => tf.tensor1d(arena.take(at, n)),
      threads: () => team.kernels,
    }),
  };
}

/** Entries k < n grouped by their row yi[k] (a stable counting sort): row r's are order[j] for j in ptr[r]..ptr[r + 1]. */
export function groupByRow(rows: number, yi: Int32Array, n: number): { ptr: Int32Array; order: Int32Array } {
  const ptr = new Int32Array(rows + 1);
  for (let k = 0; k < n; k++) ptr[yi[k] + 1]++;
  for (let r = 0; r < rows; r++) ptr[r + 1] += ptr[r];
  const next = ptr.slice(0, rows);
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[next[yi[k]]++] = k;
  return { ptr, order };
}

/** y[yo..yo+n) += a * x[xo..xo+n), unrolled by 4 (twice the speed of the plain loop in V8). */
function axpy(y: Float32Array, yo: number, a: number, x: Float32Array, xo: number, n: number): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    y[yo + j] += a * x[xo + j];
    y[yo + j + 1] += a * x[xo + j + 1];
    y[yo + j + 2] += a * x[xo + j + 2];
    y[yo + j + 3] += a * x[xo + j + 3];
  }
  for (; j < n; j++) y[yo + j] += a * x[xo + j];
}

function dot(x: Float32Array, xo: number, y: Float32Array, yo: number, n: number): number {
  let [a, b, c, d] = [0, 0, 0, 0];
  let j = 0;
  for (; j + 3 < n; j += 4) {
    a += x[xo + j] * y[yo + j];
    b += x[xo + j + 1] * y[yo + j + 1];
    c += x[xo + j + 2] * y[yo + j + 2];
    d += x[xo + j + 3] * y[yo + j + 3];
  }
  for (; j < n; j++) a += x[xo + j] * y[yo + j];
  return a + b + c + d;
}

/** Plain TypeScript, for engines without WebAssembly SIMD. */
export const jsKernels: Kernels = {
  kind: 'js',
  scatter(yRows, yi, a, x, xi, h) {
    checkScatter(a.length, yRows, yi, rowsOf('scatter', 'the input', x.length, h), xi, h);
    const y = new Float32Array(yRows * h);
    for (let k = 0; k < a.length; k++) axpy(y, yi[k] * h, a[k], x, xi[k] * h, h);
    return y;
  },
  rowsum(yRows, ptr, order, a, x, xi, h) {
    checkRowsum(yRows, ptr, order, a.length, xi, rowsOf('rowsum', 'the input', x.length, h), h);
    const y = new Float32Array(yRows * h);
    for (let r = 0; r < yRows; r++) {
      for (let j = ptr[r]; j < ptr[r + 1]; j++) {
        const k = order ? order[j] : j;
        axpy(y, r * h, a[k], x, xi[k] * h, h);
      }
    }
    return y;
  },
  dots(p, pi, q, qi, h) {
    checkDots(pi.length, rowsOf('dots', 'the left matrix', p.length, h), pi, rowsOf('dots', 'the right matrix', q.length, h), qi, h);
    const out = new Float32Array(pi.length);
    for (let k = 0; k < pi.length; k++) out[k] = dot(p, pi[k] * h, q, qi[k] * h, h);
    return out;
  },
  async useThreads(threads) {
    return { threads: 1, requested: threads, ...(threads > 1 ? { note: 'no WebAssembly SIMD in this engine (plain JavaScript)' } : {}) };
  },
};

export function decode(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

let chosen: Kernels | undefined;

/** WebAssembly SIMD where the engine validates it, else plain TypeScript. */
export function kernels(): Kernels {
  chosen ??= typeof WebAssembly === 'object' && WebAssembly.validate(decode(KERNELS_WASM_BASE64)) ? wasmKernels() : jsKernels;
  return chosen;
}

/** A fresh set of SIMD kernels with memory (and threads) of their own. */
export const wasmSimdKernels = (): Kernels => wasmKernels();
