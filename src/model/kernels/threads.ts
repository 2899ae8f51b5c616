/**
 * The sparse kernels on several CPU threads: the calling thread and helper threads, each running the same
 * kernels module on one shared WebAssembly.Memory (tfjs-wasm's threaded heap, or the cpu path's own).
 * Every call is split so that each output float is written by exactly one thread, in the order one thread
 * would write it, so the results are bit for bit those of one thread:
 * - scatter (y[yi[k]] += a[k] x[xi[k]]): by columns; each thread adds its slice of every row;
 * - dots (out[k] = p[pi[k]] . q[qi[k]]): by entries;
 * - adam: by elements.
 * The threads meet on a small shared control block (Atomics): the caller writes each helper's part, bumps a
 * generation number, does its own part and waits until every helper has said it is done.
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
  zero(y: number, rows: number, h: number, w: number): void;
  scatter(n: number, a: number, yi: number, y: number, xi: number, x: number, h: number, r0: number, r1: number): void;
  dots(n: number, out: number, pi: number, p: number, qi: number, q: number, h: number): void;
  dropout(out: number, n: number, first: number, seed: number, threshold: number, scale: number): void;
  adam(n: number, w: number, wo: number, g: number, m: number, v: number, l2: number, b1: number, omb1: number, b2: number, omb2: number, oma1: number, oma2: number, eps: number, nlr: number): void;
}

/** How many threads the kernels run on, and why not more when fewer than asked. */
export interface ThreadsInfo {
  threads: number;
  requested: number;
  note?: string;
}

const GEN = 0;
const PENDING = 1;
const FAILED = 2;
const SLOTS = 4;
const WORDS = 16;
const OP = { idle: 0, scatter: 1, dots: 2, adam: 3, dropout: 4, stop: 9 } as const;
/** Loads of the control word before a thread sleeps on it (Atomics.wait): some tens of microseconds of spinning, about the gap between two kernel calls of a batch. */
const SPIN = 20_000;
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
function run(d, post) {
  var e = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  var c = new Int32Array(d.control), f = new Float32Array(d.control);
  var s = ${SLOTS} + d.index * ${WORDS};
  var gen = Atomics.load(c, ${GEN});
  post("ready");
  for (;;) {
    var spins = 0;
    while (Atomics.load(c, ${GEN}) === gen) {
      if (++spins > ${SPIN}) { Atomics.wait(c, ${GEN}, gen); spins = 0; }
    }
    gen = Atomics.load(c, ${GEN});
    var op = c[s];
    if (op === ${OP.stop}) return;
    try {
      if (op === ${OP.scatter}) {
        if (c[s + 10]) e.zero(c[s + 4] + 4 * c[s + 8] * c[s + 7], c[s + 9] - c[s + 8], c[s + 7], c[s + 7]);
        e.scatter(c[s + 1], c[s + 2], c[s + 3], c[s + 4], c[s + 5], c[s + 6], c[s + 7], c[s + 8], c[s + 9]);
      }
      else if (op === ${OP.dots}) e.dots(c[s + 1], c[s + 2], c[s + 3], c[s + 4], c[s + 5], c[s + 6], c[s + 7]);
      else if (op === ${OP.dropout}) e.dropout(c[s + 1], c[s + 2], c[s + 3], c[s + 4], c[s + 5], f[s + 6]);
      else if (op === ${OP.adam}) e.adam(c[s + 1], c[s + 2], c[s + 3], c[s + 4], c[s + 5], c[s + 6], f[s + 7], f[s + 8], f[s + 9], f[s + 10], f[s + 11], f[s + 12], f[s + 13], f[s + 14], f[s + 15]);
    } catch (err) {
      Atomics.store(c, ${FAILED}, d.index + 1);
    }
    if (Atomics.sub(c, ${PENDING}, 1) === 1) Atomics.notify(c, ${PENDING});
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
 * [first row, rows] parts of 0..rows for `parts` threads, cut where the entries (output row of each, `yi`)
 * add up to equal shares, so that threads doing whole rows get about the same work.
 */
export function balancedRows(yi: Int32Array, rows: number, parts: number): [number, number][] {
  const counts = new Int32Array(rows + 1);
  for (let k = 0; k < yi.length; k++) counts[yi[k] + 1]++;
  const out: [number, number][] = [];
  let start = 0;
  let sum = 0;
  for (let r = 0; r < rows && out.length < parts - 1; r++) {
    sum += counts[r + 1];
    if (sum >= ((out.length + 1) * yi.length) / parts) {
      out.push([start, r + 1 - start]);
      start = r + 1;
    }
  }
  out.push([start, rows - start]);
  return out;
}

/** [start, length] parts of 0..n for `parts` threads, starts aligned to `align` (SIMD lanes); empty parts dropped. */
export function splitRange(n: number, parts: number, align = 1): [number, number][] {
  const chunk = Math.ceil(n / parts / align) * align;
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += chunk) out.push([start, Math.min(chunk, n - start)]);
  return out;
}

/** The kernels on one thread (this one): what the threads' calls fall back to. */
export class KernelThreads {
  private readonly c: Int32Array;
  private readonly f: Float32Array;
  private closed = false;

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
    return new KernelThreads(e, [], new ArrayBuffer(4 * SLOTS));
  }

  /**
   * `threads - 1` helpers on `memory` running `module` (the shared-memory build); `e` is this thread's
   * instance of it. Resolves once every helper is ready; rejects (and stops those started) when one fails.
   */
  static async start(e: KernelExports, memory: WebAssembly.Memory, module: WebAssembly.Module, threads: number, spawn: SpawnHelper): Promise<KernelThreads> {
    const n = Math.max(0, Math.floor(threads) - 1);
    const control = new SharedArrayBuffer(4 * (SLOTS + n * WORDS));
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

  /** Stops the helpers (they exit their loop; terminated as well). Later calls run on this thread. */
  close(): void {
    if (this.closed || this.helpers.length === 0) return;
    for (let i = 0; i < this.helpers.length; i++) this.c[SLOTS + i * WORDS] = OP.stop;
    Atomics.add(this.c, GEN, 1);
    Atomics.notify(this.c, GEN);
    for (const h of this.helpers) h.terminate();
    this.closed = true;
  }

  /**
   * y[yi[k]] += a[k] x[xi[k]] for k < n, rows h floats long, y of `yRows` rows; with `zero`, y is set to 0
   * first (each thread its own rows), so it may be fresh, uninitialised memory. Threads own whole output
   * rows, ranges balanced by the entries that land in them.
   */
  scatter(n: number, a: number, yi: number, y: number, xi: number, x: number, h: number, yRows: number, zero = false): void {
    if (this.count === 1 || !this.memory || (n + (zero ? yRows : 0)) * h < MIN_SPLIT_WORK || yRows < 2) {
      if (zero) this.e.zero(y, yRows, h, h);
      return this.e.scatter(n, a, yi, y, xi, x, h, 0, yRows);
    }
    this.run(
      balancedRows(new Int32Array(this.memory.buffer, yi, n), yRows, this.count),
      (slot, [r0, len]) => this.put(slot, OP.scatter, [n, a, yi, y, xi, x, h, r0, r0 + len, zero ? 1 : 0]),
      ([r0, len]) => {
        if (zero) this.e.zero(y + 4 * r0 * h, len, h, h);
        this.e.scatter(n, a, yi, y, xi, x, h, r0, r0 + len);
      },
    );
  }

  dots(n: number, out: number, pi: number, p: number, qi: number, q: number, h: number): void {
    if (this.count === 1 || n * h < MIN_SPLIT_WORK) return this.e.dots(n, out, pi, p, qi, q, h);
    this.run(splitRange(n, this.count), (slot, [k0, len]) => this.put(slot, OP.dots, [len, out + 4 * k0, pi + 4 * k0, p, qi + 4 * k0, q, h]), ([k0, len]) => this.e.dots(len, out + 4 * k0, pi + 4 * k0, p, qi + 4 * k0, q, h));
  }

  /** The dropout mask's n floats at `out` (kernels.wat dropout), split by elements. */
  dropout(out: number, n: number, seed: number, threshold: number, scale: number): void {
    if (this.count === 1 || n * 4 < MIN_SPLIT_WORK) return this.e.dropout(out, n, 0, seed, threshold, scale);
    this.run(
      splitRange(n, this.count, 4),
      (slot, [i0, len]) => {
        this.put(slot, OP.dropout, [out + 4 * i0, len, i0, seed, threshold]);
        this.f[SLOTS + slot * WORDS + 6] = scale;
      },
      ([i0, len]) => this.e.dropout(out + 4 * i0, len, i0, seed, threshold, scale),
    );
  }

  /** Adam over n floats; `s` are the nine f32 scalars of the kernel (l2, b1, omb1, b2, omb2, oma1, oma2, eps, nlr). */
  adam(n: number, w: number, wo: number, g: number, m: number, v: number, s: readonly number[]): void {
    const [l2, b1, omb1, b2, omb2, oma1, oma2, eps, nlr] = s;
    if (this.count === 1 || n * 8 < MIN_SPLIT_WORK) return this.e.adam(n, w, wo, g, m, v, l2, b1, omb1, b2, omb2, oma1, oma2, eps, nlr);
    const at = (i: number) => 4 * i;
    this.run(
      splitRange(n, this.count, 4),
      (slot, [i0, len]) => {
        this.put(slot, OP.adam, [len, w + at(i0), wo + at(i0), g + at(i0), m + at(i0), v + at(i0)]);
        this.f.set(s, SLOTS + slot * WORDS + 7);
      },
      ([i0, len]) => this.e.adam(len, w + at(i0), wo + at(i0), g + at(i0), m + at(i0), v + at(i0), l2, b1, omb1, b2, omb2, oma1, oma2, eps, nlr),
    );
  }

  private put(slot: number, op: number, args: number[]): void {
    const s = SLOTS + slot * WORDS;
    this.c[s] = op;
    this.c.set(args, s + 1);
  }

  /** Part 0 here, part i + 1 on helper i (idle when there is no such part); returns when all are done. */
  private run(parts: [number, number][], give: (slot: number, part: [number, number]) => void, mine: (part: [number, number]) => void): void {
    const c = this.c;
    for (let i = 0; i < this.helpers.length; i++) {
      if (i + 1 < parts.length) give(i, parts[i + 1]);
      else c[SLOTS + i * WORDS] = OP.idle;
    }
    Atomics.store(c, FAILED, 0);
    Atomics.store(c, PENDING, this.helpers.length);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    let error: unknown;
    try {
      if (parts.length > 0) mine(parts[0]);
    } catch (err) {
      error = err;
    }
    let spins = 0;
    for (;;) {
      const pending = Atomics.load(c, PENDING);
      if (pending === 0) break;
      if (++spins > SPIN) Atomics.wait(c, PENDING, pending);
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
