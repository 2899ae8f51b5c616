/**
 * The sparse kernels on several CPU threads: the calling thread and helper threads, each running the same
 * kernels module on one shared WebAssembly.Memory (tfjs-wasm's threaded heap, or the cpu path's own).
 * Every call is cut into parts that write disjoint outputs (rowsum: whole output rows, balanced by their
 * entries; dots, adam, dropout, actgrad: ranges of elements; colsum: ranges of columns), each computed exactly
 * as one thread computes it, so the results are bit for bit those of one thread, whoever does which part.
 * Parts are claimed, not assigned: the caller publishes a call (its arguments, its parts, a new generation
 * number) on a small shared control block (control-block.ts), and every thread, the caller included, takes the
 * next unclaimed part until none is left; the caller then waits only for parts a helper has started. A helper
 * the system has not scheduled (a 2-core machine also runs the page, the browser and the rest) therefore costs
 * a fraction of one part, never the helper's whole share. What each kernel takes, and what a part of a call
 * passes it, is one table (kernel-args.ts).
 */
import { CLAIM, DONE, FAILED, PARTS, SPIN, STOP, ARGS, WORDS, packCall } from './control-block';
import { HELPER_SOURCE } from './helper-source';
import { partArgs, type KernelCall, type KernelName, type KernelParams } from './kernel-args';

/** The kernels of the fused training step (fused-step.ts). */
export type StepKernel = 'encode' | 'decode' | 'update' | 'biasupdate' | 'evaluate';
import { balancedPtr, partsFor, splitRange } from './parts';

/** A helper thread as the environment makes one: a Web Worker in a browser, a worker_thread in Node. */
export interface HelperThread {
  postMessage(message: unknown): void;
  /** The helper's messages; `error` when it fails to start or dies. */
  listen(onMessage: (message: unknown) => void, onError: (reason: string) => void): void;
  terminate(): void;
}

/** Starts a helper running `source` (plain JavaScript, the same for browsers and Node). */
export type SpawnHelper = (source: string) => HelperThread;

/** The kernels' exports (kernels.wat, as KERNEL_ARGS lists their parameters), all pointers byte offsets in the shared memory. */
export type KernelExports = { [K in KernelName]: (...args: KernelParams<K>) => void };

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

/** Adam's nine f32 scalars (kernels.wat adam): l2, beta1 and 1 - beta1, beta2 and 1 - beta2, 1 - beta^t of each, epsilon, -learning rate. */
export type AdamScalars = Omit<KernelCall<'adam'>, 'w' | 'wo' | 'g' | 'm' | 'v'>;

/** How many threads the kernels run on, and why not more when fewer than asked. */
export interface ThreadsInfo {
  threads: number;
  requested: number;
  note?: string;
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
    this.c[ARGS] = STOP;
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
    const call = { ptr, order: o, ordered, a, xi, x, h, y, b: finish.b, mode: finish.mode };
    const p = this.count === 1 || !this.memory ? undefined : new Int32Array(this.memory.buffer, ptr, yRows + 1);
    const parts = p ? partsFor((p[yRows] - p[0] + yRows) * h, this.count) : 1;
    this.call('rowsum', call, yRows, p && parts >= 2 && yRows >= 2 ? balancedPtr(p, yRows, parts) : undefined);
  }

  /**
   * out = dy times the derivative of activation `act` (ACTIVATION_CODE) at its output h, n floats, dy first times
   * the dropout mask `mask` where dropout followed the activation; parts are ranges of elements.
   */
  actgrad(n: number, dy: number, h: number, out: number, act: number, mask?: Mask): void {
    const { seed, threshold, scale } = mask ?? { seed: 0, threshold: 0, scale: 0 };
    const parts = this.count === 1 ? 1 : partsFor(n * 4, this.count);
    this.call('actgrad', { dy, h, out, act, seed, threshold, scale, hasmask: mask ? 1 : 0 }, n, parts < 2 ? undefined : splitRange(n, parts, 4));
  }

  /** out[c] = sum over the rows of x [rows, h] of column c; parts are ranges of columns. */
  colsum(x: number, rows: number, h: number, out: number): void {
    const parts = this.count === 1 ? 1 : partsFor(rows * h, this.count);
    this.call('colsum', { x, rows, h, out }, h, parts < 2 || h < 8 ? undefined : splitRange(h, parts, 4));
  }

  /** out[k] = p[pi[k]] . q[qi[k]] (+ b[qi[k]] where `b` is given); parts are ranges of entries. */
  dots(n: number, out: number, pi: number, p: number, qi: number, q: number, h: number, b?: number): void {
    const parts = this.count === 1 ? 1 : partsFor(n * h, this.count);
    this.call('dots', { out, pi, p, qi, q, h, b: b ?? 0, hasb: b === undefined ? 0 : 1 }, n, parts < 2 ? undefined : splitRange(n, parts));
  }

  /** The dropout mask's n floats at `out` (kernels.wat dropout), or x times it where `x` is given; parts are ranges of elements. */
  dropout(out: number, n: number, seed: number, threshold: number, scale: number, x?: number): void {
    const parts = this.count === 1 ? 1 : partsFor(n * 4, this.count);
    this.call('dropout', { out, seed, threshold, scale, x: x ?? 0, hasx: x === undefined ? 0 : 1 }, n, parts < 2 ? undefined : splitRange(n, parts, 4));
  }

  /** Adam over n floats: weights w (the new ones to wo), gradient g, moments m and v updated in place; parts are ranges of elements. */
  adam(n: number, w: number, wo: number, g: number, m: number, v: number, s: AdamScalars): void {
    const parts = this.count === 1 ? 1 : partsFor(n * 8, this.count);
    this.call('adam', { w, wo, g, m, v, ...s }, n, parts < 2 ? undefined : splitRange(n, parts, 4));
  }

  /**
   * A call of the training step's kernels (kernels.wat encode, decode, evaluate: rows of a block, balanced by their
   * entries; update: columns, balanced by their entries and the Adam step each takes; biasupdate: hidden units), cut
   * into parts as `work` (multiply-adds) and `ptr` (the CSR pointers of what it runs over, in this memory) say.
   */
  step<K extends StepKernel>(kernel: K, call: KernelCall<K>, range: number, work: number, ptr?: { at: number; rowCost: number }): void {
    const parts = this.count === 1 ? 1 : partsFor(work, this.count);
    if (parts < 2 || range < 2) return this.call(kernel, call, range);
    if (!ptr || !this.memory) return this.call(kernel, call, range, splitRange(range, parts, 4));
    this.call(kernel, call, range, balancedPtr(new Int32Array(this.memory.buffer, ptr.at, range + 1), range, parts, ptr.rowCost));
  }

  /** A call of `kernel` over 0..range: on this thread alone without `parts`, else shared out in them. */
  private call<K extends KernelName>(kernel: K, call: KernelCall<K>, range: number, parts?: [number, number][]): void {
    if (parts) this.run(kernel, call, parts);
    else this.part(kernel, call, 0, range);
  }

  /** Runs the part [start, start + length), numbered `index`, of a call on this thread. */
  private part<K extends KernelName>(kernel: K, call: KernelCall<K>, start: number, length: number, index = 0): void {
    (this.e[kernel] as (...args: number[]) => void)(...partArgs(kernel, call, start, length, index));
  }

  /** A new generation with `parts` parts to claim, helpers woken. */
  private publish(parts: number): void {
    this.generation = (this.generation + 1) & 0x7fff;
    Atomics.store(this.c, DONE, 0);
    Atomics.store(this.c, CLAIM, (this.generation << 16) | (parts << 8));
    Atomics.notify(this.c, CLAIM);
  }

  /**
   * Publishes the call cut into `parts`, claims parts here (running them on this thread) until none is left, then
   * waits for the parts helpers took.
   */
  private run<K extends KernelName>(kernel: K, call: KernelCall<K>, parts: [number, number][]): void {
    const c = this.c;
    packCall(c, this.f, kernel, call);
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
        if (!error) this.part(kernel, call, parts[next][0], parts[next][1], next); // after a trap the rest are claimed, not run: the call throws
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
