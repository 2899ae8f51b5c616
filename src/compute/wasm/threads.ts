/**
 * The sparse kernels on several CPU threads: the calling thread and helper threads, each running the same
 * kernels module on one shared WebAssembly.Memory (tfjs-wasm's threaded heap, or the cpu path's own).
 * Every call is cut into parts that write disjoint outputs (rowsum: whole output rows, balanced by their
 * entries; dots, adam, dropout, actgrad: ranges of elements; colsum: ranges of columns), each computed exactly
 * as one thread computes it, so the results are bit for bit those of one thread, whoever does which part.
 * Parts are claimed, not assigned: the caller publishes a call (its arguments, its parts, a new generation
 * number) on a small shared control block, and every thread, the caller included, takes the next unclaimed
 * part until none is left; the caller then waits only for parts a helper has started. A helper the system
 * has not scheduled (a 2-core machine also runs the page, the browser and the rest) therefore costs a
 * fraction of one part, never the helper's whole share.
 */

/** A helper thread as the environment makes one: a Web Worker in a browser, a worker_thread in Node. */
export interface HelperThread {
  postMessage(message: unknown): void;
  /** The helper's messages; `error` when it fails to start or dies. */
  listen(onMessage: (message: unknown) => void, onError: (reason: string) => void): void;
  terminate(): void;
}

/** Starts a helper running `source` (plain JavaScript, the same for browsers and Node). */
export type SpawnHelper = (source: string) => HelperThread;

/** The kernels' exports (kernels.wat), all pointers byte offsets in the shared memory. */
export interface KernelExports {
  rowsum(ptr: number, order: number, ordered: number, a: number, xi: number, x: number, h: number, y: number, b: number, mode: number, r0: number, r1: number): void;
  actgrad(n: number, dy: number, h: number, out: number, act: number, first: number, seed: number, threshold: number, scale: number, hasmask: number): void;
  colsum(x: number, rows: number, h: number, out: number, c0: number, c1: number): void;
  dots(n: number, out: number, pi: number, p: number, qi: number, q: number, h: number, b: number, hasb: number): void;
  dropout(out: number, n: number, first: number, seed: number, threshold: number, scale: number, x: number, hasx: number): void;
  adam(n: number, w: number, wo: number, g: number, m: number, v: number, l2: number, b1: number, omb1: number, b2: number, omb2: number, oma1: number, oma2: number, eps: number, nlr: number): void;
}

/** Activations the kernels apply and differentiate (kernels.wat: rowsum's finishing pass, actgrad): the code of each. */
export const ACTIVATION_CODE = { identity: 0, sigmoid: 1, relu: 2 } as const;
export type KernelActivation = keyof typeof ACTIVATION_CODE;

/** A dropout mask's parameters (dropout.ts maskParams, which says how they are drawn): keep where the element's hash is at least `threshold`, times `scale`. */
export interface Mask {
  seed: number;
  threshold: number;
  scale: number;
}

/** How rowsum finishes each sum as it stores it: mode 0 as it is, else b[column] added, then activation mode - 1 (ACTIVATION_CODE). */
export interface Finish {
  mode: number;
  /** The bias's byte offset (mode > 0). */
  b: number;
}

/** How many threads the kernels run on, and why not more when fewer than asked. */
export interface ThreadsInfo {
  threads: number;
  requested: number;
  note?: string;
}

/**
 * The control block, Int32 words: CLAIM = generation << 16 | parts << 8 | next part (claimed with
 * compareExchange, so a helper that wakes late can never take a part of a later call); DONE = parts finished;
 * FAILED = 1 + the helper whose part trapped; ARGS = the op and its arguments (floats where an op says);
 * PARTS = [start, length] of each part.
 */
const CLAIM = 0;
const DONE = 1;
const FAILED = 2;
const ARGS = 4;
const PARTS = 20;
/** Parts of one call at most (8 bits of CLAIM). */
export const MAX_PARTS = 64;
const WORDS = PARTS + 2 * MAX_PARTS;
const OP = { rowsum: 1, dots: 2, adam: 3, dropout: 4, actgrad: 5, colsum: 6, stop: 9 } as const;
/** Parts per thread: small enough that the caller takes over a late helper's share, few enough to cost nothing. */
const PARTS_PER_THREAD = 8;
/**
 * Loads of the control word before a thread sleeps on it (Atomics.wait): a few microseconds. A helper that spun
 * for long between calls would hold a core the page, the browser or the caller's own single-threaded steps need.
 */
const SPIN = 2000;
/**
 * Calls with less work than this (multiply-adds) run on the calling thread alone: waking the helpers costs
 * tens of microseconds, about what one thread does in that much work.
 */
export const MIN_SPLIT_WORK = 1 << 16;

/**
 * The helper's program. Plain JavaScript in a string, so that no bundler or minifier can rename what it
 * refers to (the trap tfjs-wasm's own pthreads fall into), started the same way in a browser (a Blob
 * worker) and in Node (an eval worker_thread).
 */
export const HELPER_SOURCE = `"use strict";
function part(e, c, f, i) {
  var s = c[${PARTS} + 2 * i], n = c[${PARTS} + 2 * i + 1], a = ${ARGS}, op = c[a];
  if (op === ${OP.rowsum}) e.rowsum(c[a + 1], c[a + 2], c[a + 3], c[a + 4], c[a + 5], c[a + 6], c[a + 7], c[a + 8], c[a + 9], c[a + 10], s, s + n);
  else if (op === ${OP.actgrad}) e.actgrad(n, c[a + 1] + 4 * s, c[a + 2] + 4 * s, c[a + 3] + 4 * s, c[a + 4], s, c[a + 5], c[a + 6], f[a + 7], c[a + 8]);
  else if (op === ${OP.colsum}) e.colsum(c[a + 1], c[a + 2], c[a + 3], c[a + 4], s, s + n);
  else if (op === ${OP.dots}) e.dots(n, c[a + 1] + 4 * s, c[a + 2] + 4 * s, c[a + 3], c[a + 4] + 4 * s, c[a + 5], c[a + 6], c[a + 7], c[a + 8]);
  else if (op === ${OP.dropout}) e.dropout(c[a + 1] + 4 * s, n, s, c[a + 2], c[a + 3], f[a + 4], c[a + 5] + 4 * s, c[a + 6]);
  else if (op === ${OP.adam}) e.adam(n, c[a + 1] + 4 * s, c[a + 2] + 4 * s, c[a + 3] + 4 * s, c[a + 4] + 4 * s, c[a + 5] + 4 * s, f[a + 6], f[a + 7], f[a + 8], f[a + 9], f[a + 10], f[a + 11], f[a + 12], f[a + 13], f[a + 14]);
}
function run(d, post) {
  var e = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  var c = new Int32Array(d.control), f = new Float32Array(d.control);
  var seen = Atomics.load(c, ${CLAIM}) >>> 16;
  post("ready");
  for (;;) {
    var w = Atomics.load(c, ${CLAIM}), spins = 0;
    while (w >>> 16 === seen) {
      if (++spins > ${SPIN}) { Atomics.wait(c, ${CLAIM}, w); spins = 0; }
      w = Atomics.load(c, ${CLAIM});
    }
    seen = w >>> 16;
    for (;;) {
      var parts = (w >>> 8) & 255, next = w & 255;
      if (w >>> 16 !== seen || next >= parts) break;
      var got = Atomics.compareExchange(c, ${CLAIM}, w, w + 1);
      if (got !== w) { w = got; continue; }
      if (c[${ARGS}] === ${OP.stop}) return;
      try { part(e, c, f, next); } catch (err) { Atomics.store(c, ${FAILED}, d.index + 1); }
      if (Atomics.add(c, ${DONE}, 1) + 1 === parts) Atomics.notify(c, ${DONE});
      w = Atomics.load(c, ${CLAIM});
    }
  }
}
if (typeof process === "object" && process.versions && process.versions.node && typeof require === "function") {
  var port = require("node:worker_threads").parentPort;
  port.once("message", function (d) { run(d, function (m) { port.postMessage(m); }); });
} else {
  self.onmessage = function (ev) { self.onmessage = null; run(ev.data, function (m) { self.postMessage(m); }); };
}
`;

/**
 * [first row, rows] parts of 0..rows from CSR row pointers (ptr[r]..ptr[r + 1] are row r's entries), cut where
 * entries plus rows (a row costs its entries and one write) reach equal shares; never an empty part.
 */
export function balancedPtr(ptr: Int32Array, rows: number, parts: number): [number, number][] {
  const total = ptr[rows] - ptr[0] + rows;
  const out: [number, number][] = [];
  let start = 0;
  for (let p = 1; p < parts && start < rows; p++) {
    const want = (p * total) / parts;
    let lo = start;
    let hi = rows;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ptr[mid + 1] - ptr[0] + mid + 1 < want) lo = mid + 1;
      else hi = mid;
    }
    const end = Math.min(rows, lo + 1);
    out.push([start, end - start]);
    start = end;
  }
  if (start < rows) out.push([start, rows - start]);
  return out;
}

/** [start, length] parts of 0..n, starts aligned to `align` (SIMD lanes); empty parts dropped. */
export function splitRange(n: number, parts: number, align = 1): [number, number][] {
  const chunk = Math.ceil(n / parts / align) * align;
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += chunk) out.push([start, Math.min(chunk, n - start)]);
  return out;
}

/** Parts for a call of `work` multiply-adds on `threads` threads: PARTS_PER_THREAD each, none much under MIN_SPLIT_WORK / 4. */
function partsFor(work: number, threads: number): number {
  return Math.max(1, Math.min(threads * PARTS_PER_THREAD, MAX_PARTS, Math.floor((4 * work) / MIN_SPLIT_WORK)));
}

/** The kernels on this thread and its helpers (none: this thread alone, what every call falls back to). */
export class KernelThreads {
  private readonly c: Int32Array;
  private readonly f: Float32Array;
  private closed = false;
  private generation = 0;

  private constructor(
    private readonly e: KernelExports,
    private readonly helpers: HelperThread[],
    control: ArrayBufferLike,
    private readonly memory?: WebAssembly.Memory,
  ) {
    this.c = new Int32Array(control);
    this.f = new Float32Array(control);
  }

  /** Threads in all: this one and the helpers. */
  get count(): number {
    return this.closed ? 1 : this.helpers.length + 1;
  }

  /** This thread alone (no helpers, nothing shared: works where SharedArrayBuffer does not exist). */
  static single(e: KernelExports): KernelThreads {
    return new KernelThreads(e, [], new ArrayBuffer(4 * WORDS));
  }

  /**
   * `threads - 1` helpers on `memory` running `module` (the shared-memory build); `e` is this thread's
   * instance of it. Resolves once every helper is ready; rejects (and stops those started) when one fails.
   */
  static async start(e: KernelExports, memory: WebAssembly.Memory, module: WebAssembly.Module, threads: number, spawn: SpawnHelper): Promise<KernelThreads> {
    const n = Math.max(0, Math.floor(threads) - 1);
    const control = new SharedArrayBuffer(4 * WORDS);
    const helpers: HelperThread[] = [];
    try {
      await Promise.all(
        Array.from({ length: n }, (_, index) => {
          const h = spawn(HELPER_SOURCE);
          helpers.push(h);
          return new Promise<void>((resolve, reject) => {
            h.listen((m) => (m === 'ready' ? resolve() : reject(new Error(`kernel thread ${index + 1}: ${String(m)}`))), (why) => reject(new Error(`kernel thread ${index + 1} failed: ${why}`)));
            h.postMessage({ module, memory, control, index });
          });
        }),
      );
    } catch (err) {
      for (const h of helpers) h.terminate();
      throw err;
    }
    return new KernelThreads(e, helpers, control, memory);
  }

  /** Stops the helpers (each claims a stop and leaves its loop; terminated as well). Later calls run on this thread. */
  close(): void {
    if (this.closed || this.helpers.length === 0) return;
    this.c[ARGS] = OP.stop;
    this.publish(this.helpers.length);
    for (const h of this.helpers) h.terminate();
    this.closed = true;
  }

  /**
   * y[r] = sum of a[k] x[xi[k]] over row r's entries j in ptr[r]..ptr[r + 1] (k = order[j] where `order` is given,
   * else j), for the yRows rows of y, each row written once (kernels.wat rowsum). Parts are whole output rows,
   * balanced by their entries.
   */
  rowsum(yRows: number, ptr: number, order: number | undefined, a: number, xi: number, x: number, h: number, y: number, finish: Finish = { mode: 0, b: 0 }): void {
    const [o, ordered] = order === undefined ? [0, 0] : [order, 1];
    const { b, mode } = finish;
    const p = this.count === 1 || !this.memory ? undefined : new Int32Array(this.memory.buffer, ptr, yRows + 1);
    const parts = p ? partsFor((p[yRows] - p[0] + yRows) * h, this.count) : 1;
    if (!p || parts < 2 || yRows < 2) return this.e.rowsum(ptr, o, ordered, a, xi, x, h, y, b, mode, 0, yRows);
    this.run(OP.rowsum, [ptr, o, ordered, a, xi, x, h, y, b, mode], balancedPtr(p, yRows, parts), (s, n) => this.e.rowsum(ptr, o, ordered, a, xi, x, h, y, b, mode, s, s + n));
  }

  /**
   * out = dy times the derivative of activation `act` (ACTIVATION_CODE) at its output h, n floats, dy first times
   * the dropout mask `mask` where dropout followed the activation; parts are ranges of elements.
   */
  actgrad(n: number, dy: number, h: number, out: number, act: number, mask?: Mask): void {
    const { seed, threshold, scale } = mask ?? { seed: 0, threshold: 0, scale: 0 };
    const hasmask = mask ? 1 : 0;
    const parts = this.count === 1 ? 1 : partsFor(n * 4, this.count);
    if (parts < 2) return this.e.actgrad(n, dy, h, out, act, 0, seed, threshold, scale, hasmask);
    const run = (s: number, len: number) => this.e.actgrad(len, dy + 4 * s, h + 4 * s, out + 4 * s, act, s, seed, threshold, scale, hasmask);
    this.run(OP.actgrad, [dy, h, out, act, seed, threshold, 0, hasmask], splitRange(n, parts, 4), run, () => {
      this.f[ARGS + 7] = scale;
    });
  }

  /** out[c] = sum over the rows of x [rows, h] of column c; parts are ranges of columns. */
  colsum(x: number, rows: number, h: number, out: number): void {
    const parts = this.count === 1 ? 1 : partsFor(rows * h, this.count);
    if (parts < 2 || h < 8) return this.e.colsum(x, rows, h, out, 0, h);
    this.run(OP.colsum, [x, rows, h, out], splitRange(h, parts, 4), (s, len) => this.e.colsum(x, rows, h, out, s, s + len));
  }

  /** out[k] = p[pi[k]] . q[qi[k]] (+ b[qi[k]] where `b` is given); parts are ranges of entries. */
  dots(n: number, out: number, pi: number, p: number, qi: number, q: number, h: number, b?: number): void {
    const [bp, hasb] = b === undefined ? [0, 0] : [b, 1];
    const parts = this.count === 1 ? 1 : partsFor(n * h, this.count);
    if (parts < 2) return this.e.dots(n, out, pi, p, qi, q, h, bp, hasb);
    this.run(OP.dots, [out, pi, p, qi, q, h, bp, hasb], splitRange(n, parts), (s, len) => this.e.dots(len, out + 4 * s, pi + 4 * s, p, qi + 4 * s, q, h, bp, hasb));
  }

  /** The dropout mask's n floats at `out` (kernels.wat dropout), or x times it where `x` is given; parts are ranges of elements. */
  dropout(out: number, n: number, seed: number, threshold: number, scale: number, x?: number): void {
    const [xp, hasx] = x === undefined ? [0, 0] : [x, 1];
    const parts = this.count === 1 ? 1 : partsFor(n * 4, this.count);
    if (parts < 2) return this.e.dropout(out, n, 0, seed, threshold, scale, xp, hasx);
    const run = (s: number, len: number) => this.e.dropout(out + 4 * s, len, s, seed, threshold, scale, xp + 4 * s, hasx);
    this.run(OP.dropout, [out, seed, threshold, 0, xp, hasx], splitRange(n, parts, 4), run, () => {
      this.f[ARGS + 4] = scale;
    });
  }

  /** Adam over n floats; `s` are the nine f32 scalars of the kernel (l2, b1, omb1, b2, omb2, oma1, oma2, eps, nlr). */
  adam(n: number, w: number, wo: number, g: number, m: number, v: number, s: readonly number[]): void {
    const [l2, b1, omb1, b2, omb2, oma1, oma2, eps, nlr] = s;
    const parts = this.count === 1 ? 1 : partsFor(n * 8, this.count);
    if (parts < 2) return this.e.adam(n, w, wo, g, m, v, l2, b1, omb1, b2, omb2, oma1, oma2, eps, nlr);
    const at = (i: number) => 4 * i;
    this.run(
      OP.adam,
      [w, wo, g, m, v],
      splitRange(n, parts, 4),
      (i0, len) => this.e.adam(len, w + at(i0), wo + at(i0), g + at(i0), m + at(i0), v + at(i0), l2, b1, omb1, b2, omb2, oma1, oma2, eps, nlr),
      () => this.f.set(s, ARGS + 6),
    );
  }

  /** A new generation with `parts` parts to claim, helpers woken. */
  private publish(parts: number): void {
    this.generation = (this.generation + 1) & 0x7fff;
    Atomics.store(this.c, DONE, 0);
    Atomics.store(this.c, CLAIM, (this.generation << 16) | (parts << 8));
    Atomics.notify(this.c, CLAIM);
  }

  /**
   * Publishes op `op` with integer arguments `args` (and floats written by `floats`) cut into `parts`, claims
   * parts here (running them with `mine`) until none is left, then waits for the parts helpers took.
   */
  private run(op: number, args: number[], parts: [number, number][], mine: (start: number, length: number) => void, floats?: () => void): void {
    const c = this.c;
    c[ARGS] = op;
    c.set(args, ARGS + 1);
    floats?.();
    parts.forEach(([start, length], i) => {
      c[PARTS + 2 * i] = start;
      c[PARTS + 2 * i + 1] = length;
    });
    Atomics.store(c, FAILED, 0);
    this.publish(parts.length);
    let error: unknown;
    for (;;) {
      const w = Atomics.load(c, CLAIM);
      const next = w & 255;
      if (next >= parts.length) break;
      if (Atomics.compareExchange(c, CLAIM, w, w + 1) !== w) continue;
      try {
        if (!error) mine(parts[next][0], parts[next][1]); // after a trap the rest are claimed, not run: the call throws
      } catch (err) {
        error = err;
      }
      Atomics.add(c, DONE, 1);
    }
    let spins = 0;
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done === parts.length) break;
      if (++spins > SPIN) Atomics.wait(c, DONE, done);
    }
    if (error) throw error;
    const failed = Atomics.load(c, FAILED);
    if (failed) throw new Error(`kernel thread ${failed} failed (a WebAssembly trap: an index or size outside its memory)`);
  }
}

/** Why kernels cannot share work here: no SharedArrayBuffer, or no cross-origin isolation. */
export function sharedMemoryMissing(): string | undefined {
  if (typeof SharedArrayBuffer === 'undefined') return 'no SharedArrayBuffer here: the page is not cross-origin isolated';
  if (typeof crossOriginIsolated === 'boolean' && !crossOriginIsolated) return 'the page is not cross-origin isolated (no shared memory)';
  return undefined;
}

/** The threads of one set of kernels (one memory): resized when a run asks for another count. */
export class ThreadPool {
  private current: KernelThreads;
  private info: ThreadsInfo = { threads: 1, requested: 1 };

  /**
   * `shared` is the module and memory the helpers would share, or why there are none (an unshared
   * memory: the kernels then run on this thread only).
   */
  constructor(
    private readonly e: KernelExports,
    private readonly shared: { memory: WebAssembly.Memory; module: WebAssembly.Module } | string,
  ) {
    this.current = KernelThreads.single(e);
  }

  get kernels(): KernelThreads {
    return this.current;
  }

  /** Runs the kernels on `requested` threads where it can (this one and requested - 1 helpers); says how many and why not more. */
  async use(requested: number, spawn: SpawnHelper | undefined): Promise<ThreadsInfo> {
    const want = Math.max(1, Math.floor(requested));
    if (want === this.current.count && want === this.info.threads) return (this.info = { ...this.info, requested: want });
    this.current.close();
    this.current = KernelThreads.single(this.e);
    const one = (note?: string): ThreadsInfo => (this.info = { threads: 1, requested: want, ...(note ? { note } : {}) });
    if (want === 1) return one();
    if (typeof this.shared === 'string') return one(this.shared);
    if (!spawn) return one('no way to start threads here');
    try {
      this.current = await KernelThreads.start(this.e, this.shared.memory, this.shared.module, want, spawn);
      return (this.info = { threads: want, requested: want });
    } catch (err) {
      return one(err instanceof Error ? err.message : String(err));
    }
  }

  close(): void {
    this.current.close();
    this.current = KernelThreads.single(this.e);
    this.info = { threads: 1, requested: 1 };
  }
}
