import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../../data/types';
import { checkIndices } from './cpu-kernels';
import { MAX_PARTS } from './control-block';
import { PARAM_KEYS, type Moments, type StepParams, type StepShape, type TrainStep } from '../train-step';
import type { StepMemory } from './step-memory';
import { ACTIVATION_CODE, type AdamScalars, type Mask } from './threads';

/** Floats of a part's gradient scratch in update (kernels.wat): its chunk of columns, 64 KB. */
const CHUNK_FLOATS = 16384;
/** Bytes of W1 a tile of encode's columns spans at most (inputs x tile): what stays in a core's L2 beside the rest. */
const TILE_BYTES = 384 * 1024;

/**
 * encode's tile (fused-step.wat): the widest multiple of 128 bytes of a row whose columns of every input row fit
 * TILE_BYTES; 0 where even 128 bytes of each would not (the weight lies in L3 or memory): there encode streams each
 * entry's weight row whole instead, four rows at a time (the encode call at half its time where W1 lies in memory, as
 * on the ML-25M shape's 59,047 inputs, a third or less where it lies in L3, as on ML-1M's 6,040).
 */
export function encodeTile(inputs: number, hidden: number): number {
  const tile = Math.floor(TILE_BYTES / inputs / 128) * 128;
  return tile < 128 ? 0 : Math.min(4 * hidden, tile);
}

/**
 * The default model's training step as four kernel calls per batch (kernels.wat encode, decode, update,
 * biasupdate), on every thread, with nothing between them: no tfjs op, no tensor made, no copy. The step owns
 * the weights it trains (tfjs-wasm caches packed matMul operands by buffer, so a tfjs weight is never written in
 * place): `load` copies them in, `param` copies them out, for the caller to give its variables between epochs.
 * On wasm the moments are the optimizer's own tensors, changed in place as FusedAdam changes them; where they do
 * not lie in the kernels' memory (cpu: `StepMemory.momentsAt` absent) the step keeps its own, copied in by `load`
 * and out by `moments` (ownsMoments), as the WebGPU step does. The batch's block is
 * written straight into this memory, its columns grouped once. The arithmetic is the separate kernels' (each call
 * runs them), so the numbers are the tfjs path's on wasm bit for bit, and the same on any number of threads.
 */
export class FusedStep implements TrainStep {
  readonly ownsMoments: boolean;
  private readonly w: StepParams<number>;
  /** The moments where the step keeps its own (ownsMoments). */
  private readonly own?: StepParams<{ m: number; v: number }>;
  private readonly y: number;
  private readonly hd: number;
  private readonly dz: number;
  private readonly gb: number;
  private readonly rowSums: number;
  private readonly absSums: number;
  private readonly ptr: number;
  private readonly tptr: number;
  private readonly scratch: number;
  /** Every buffer the step holds (freed at dispose). */
  private readonly buffers = new Set<number>();
  private readonly chunk: number;
  private readonly tile: number;
  /** Entry buffers (row, col, val, order, g), grown to the largest block seen. */
  private entries?: { capacity: number; row: number; col: number; val: number; order: number; g: number };
  /** Matrices whose column numbers were checked against the inputs (once each). */
  private readonly checked = new WeakSet<Csr>();
  private readonly next: Int32Array;
  /** The epoch's loss and evaluation sums so far (take). */
  private loss = 0;
  private readonly sums = [0, 0, 0, 0, 0];

  constructor(
    private readonly heap: StepMemory,
    readonly shape: StepShape,
  ) {
    const { inputs, hidden, batch } = shape;
    // what was taken goes back where the memory cannot hold it all (the kernels' own memory has 4 GiB at most)
    try {
      const f = (n: number) => this.hold(n, 'float32');
      const i = (n: number) => this.hold(n, 'int32');
      this.w = { w1: f(inputs * hidden), b1: f(hidden), w2: f(inputs * hidden), b2: f(inputs) };
      this.ownsMoments = !heap.momentsAt;
      if (this.ownsMoments) {
        const mv = (k: keyof StepParams<number>) => ({ m: f(this.sizes[k]), v: f(this.sizes[k]) });
        this.own = { w1: mv('w1'), b1: mv('b1'), w2: mv('w2'), b2: mv('b2') };
      }
      [this.y, this.hd, this.dz] = [f(batch * hidden), f(batch * hidden), f(batch * hidden)];
      [this.gb, this.rowSums, this.absSums] = [f(hidden), f(batch), f(batch)];
      [this.ptr, this.tptr] = [i(batch + 1), i(inputs + 1)];
      this.chunk = Math.max(1, Math.floor(CHUNK_FLOATS / hidden));
      this.tile = encodeTile(inputs, hidden);
      this.scratch = f(MAX_PARTS * this.chunk * hidden);
    } catch (err) {
      this.dispose();
      throw err;
    }
    this.next = new Int32Array(inputs);
  }

  /** Floats of each parameter. */
  private get sizes(): StepParams<number> {
    const { inputs, hidden } = this.shape;
    return { w1: inputs * hidden, b1: hidden, w2: inputs * hidden, b2: inputs };
  }

  /** Copies the weights in (each of its size), and the moments where the step keeps its own; else they are stepped where they are (train). */
  load(p: StepParams<tf.Tensor>, moments: StepParams<Moments>): void {
    for (const k of PARAM_KEYS) {
      const n = this.sizes[k];
      if (p[k].size !== n) throw new Error(`fused step: ${k} holds ${p[k].size} floats, want ${n}`);
      this.heap.write(p[k], this.w[k]);
      if (this.own) {
        if (moments[k].m.size !== n || moments[k].v.size !== n) throw new Error(`fused step: ${k}'s moments hold ${moments[k].m.size} and ${moments[k].v.size} floats, want ${n}`);
        this.heap.write(moments[k].m, this.own[k].m);
        this.heap.write(moments[k].v, this.own[k].v);
      }
    }
  }

  /** Copies of the moments where the step keeps its own, else undefined (the optimizer's are stepped in place). */
  moments(): StepParams<Moments> | undefined {
    const own = this.own;
    if (!own) return undefined;
    const mv = (k: keyof StepParams<number>) => ({ m: this.heap.read(own[k].m, this.sizes[k]), v: this.heap.read(own[k].v, this.sizes[k]) });
    return { w1: mv('w1'), b1: mv('b1'), w2: mv('w2'), b2: mv('b2') };
  }

  param(k: keyof StepParams<tf.Tensor>): tf.Tensor {
    return this.heap.read(this.w[k], this.sizes[k]);
  }

  /** The step (TrainStep.train), the moments stepped in place; the loss is the rows' sums added in row order. */
  train(m: Csr, ids: Int32Array, mask: Mask | undefined, adam: AdamScalars, moments: StepParams<Moments>): void {
    const { hidden: h, batch, inputs, encoder, decoder } = this.shape;
    const n = this.block(m, ids);
    const e = this.entries!;
    const team = this.heap.threads();
    const act = ACTIVATION_CODE[encoder];
    const dact = decoder === 'relu' ? 2 : 0;
    const { seed, threshold, scale } = mask ?? { seed: 0, threshold: 0, scale: 0 };
    const hasmask = mask ? 1 : 0;
    const hd = mask ? this.hd : this.y;
    const rows = { at: this.ptr, rowCost: 1 };
    team.step('encode', { ptr: this.ptr, a: e.val, xi: e.col, x: this.w.w1, h, y: this.y, b: this.w.b1, mode: 1 + act, hd, seed, threshold, scale, hasmask, tile: this.tile }, batch, n * h, rows);
    team.step('decode', { ptr: this.ptr, row: e.row, col: e.col, val: e.val, hd, w: this.w.w2, b: this.w.b2, h, g: e.g, sse: this.rowSums, y: this.y, dz: this.dz, act, dact, seed, threshold, scale, hasmask }, batch, 2 * n * h, rows);
    const s = { beta1: adam.b1, omb1: adam.omb1, beta2: adam.b2, omb2: adam.omb2, oma1: adam.oma1, oma2: adam.oma2, eps: adam.eps, nlr: adam.nlr, lazy: adam.lazy };
    const mv = (k: keyof StepParams<Moments>) => this.own?.[k] ?? this.heap.momentsAt!(moments[k]);
    const [m1, m2, mb] = [mv('w1'), mv('w2'), mv('b2')];
    team.step(
      'update',
      { tptr: this.tptr, order: e.order, row: e.row, val: e.val, g: e.g, dz: this.dz, hd, h, w1: this.w.w1, m1: m1.m, v1: m1.v, w2: this.w.w2, m2: m2.m, v2: m2.v, b2: this.w.b2, mb: mb.m, vb: mb.v, scratch: this.scratch, chunk: this.chunk, l2: adam.l2, ...s },
      inputs,
      (2 * n + 8 * inputs) * h,
      { at: this.tptr, rowCost: 4 },
    );
    const b1 = mv('b1');
    team.step('biasupdate', { dz: this.dz, rows: batch, h, gb: this.gb, b: this.w.b1, m: b1.m, v: b1.v, ...s }, h, batch * h);
    this.loss += this.sum(this.rowSums);
  }

  evaluate(input: Csr, ids: Int32Array, sets: readonly [Csr | undefined, Csr | undefined, Csr | undefined], lo: number, hi: number): void {
    const { hidden: h, batch, encoder, decoder } = this.shape;
    const team = this.heap.threads();
    const rows = { at: this.ptr, rowCost: 1 };
    let n = this.block(input, ids, false);
    let e = this.entries!;
    team.step('encode', { ptr: this.ptr, a: e.val, xi: e.col, x: this.w.w1, h, y: this.y, b: this.w.b1, mode: 1 + ACTIVATION_CODE[encoder], hd: this.y, seed: 0, threshold: 0, scale: 0, hasmask: 0, tile: this.tile }, batch, n * h, rows);
    // [squared, absolute] error sums of each set: train has no absolute one
    const slots = [[0, -1], [1, 2], [3, 4]];
    sets.forEach((m, k) => {
      if (!m) return;
      n = this.block(m, ids, false);
      e = this.entries!;
      const call = { ptr: this.ptr, row: e.row, col: e.col, val: e.val, hd: this.y, w: this.w.w2, b: this.w.b2, h, p: e.g, sse: this.rowSums, sae: this.absSums, dact: decoder === 'relu' ? 2 : 0, lo, hi };
      team.step('evaluate', call, batch, n * h, rows);
      this.sums[slots[k][0]] += this.sum(this.rowSums);
      if (slots[k][1] >= 0) this.sums[slots[k][1]] += this.sum(this.absSums);
    });
  }

  take(): { loss: tf.Scalar; sums: tf.Tensor1D } {
    const out = { loss: tf.scalar(this.loss), sums: tf.tensor1d(this.sums) };
    this.loss = 0;
    this.sums.fill(0);
    return out;
  }

  dispose(): void {
    for (const b of this.buffers) this.heap.free(b);
    this.buffers.clear();
    this.entries = undefined;
  }

  /** A buffer of this step's (freed at dispose). */
  private hold(n: number, dtype: 'float32' | 'int32'): number {
    const b = this.heap.alloc(n, dtype);
    this.buffers.add(b);
    return b;
  }

  /** A float buffer's first `batch` values added in order (in doubles): the same sum on any number of threads. */
  private sum(b: number): number {
    const v = new Float32Array(this.heap.memory.buffer, b, this.shape.batch);
    let s = 0;
    for (let k = 0; k < v.length; k++) s += v[k];
    return s;
  }

  /**
   * Writes rows `ids` of `m` as the batch's block (ptr, row, col, val) into this memory, and (`columns`) its entries
   * grouped by column (tptr, order: a stable counting sort, the order blockColumns gives); returns its entries.
   */
  private block(m: Csr, ids: Int32Array, columns = true): number {
    const { batch, inputs } = this.shape;
    if (ids.length !== batch) throw new Error(`fused step: a batch of ${ids.length} rows, want ${batch}`);
    if (m.cols !== inputs) throw new Error(`fused step: a matrix of ${m.cols} columns, want ${inputs}`);
    if (!this.checked.has(m)) {
      checkIndices('fused step', 'column index', m.colIdx, m.rowPtr[m.rows], inputs, 'the weights');
      this.checked.add(m);
    }
    let n = 0;
    for (const r of ids) {
      if (r >= m.rows) throw new Error(`fused step: row ${r} of a matrix of ${m.rows}`);
      if (r >= 0) n += m.rowPtr[r + 1] - m.rowPtr[r];
    }
    const e = this.fit(n);
    const buf = this.heap.memory.buffer;
    const ptr = new Int32Array(buf, this.ptr, batch + 1);
    const [row, col, val] = [new Int32Array(buf, e.row, n), new Int32Array(buf, e.col, n), new Float32Array(buf, e.val, n)];
    const { rowPtr, colIdx, values } = m;
    // plain loops: no subarray, closure or array made per row (this runs 2-3 times a batch, on the calling thread)
    let j = 0;
    ptr[0] = 0;
    for (let b = 0; b < batch; b++) {
      const r = ids[b];
      if (r >= 0) {
        for (let k = rowPtr[r], end = rowPtr[r + 1]; k < end; k++, j++) {
          col[j] = colIdx[k];
          val[j] = values[k];
          row[j] = b;
        }
      }
      ptr[b + 1] = j;
    }
    if (!columns) return n;
    const tptr = new Int32Array(buf, this.tptr, inputs + 1);
    const order = new Int32Array(buf, e.order, n);
    tptr.fill(0);
    for (let j = 0; j < n; j++) tptr[col[j] + 1]++;
    for (let c = 0; c < inputs; c++) tptr[c + 1] += tptr[c];
    this.next.set(tptr.subarray(0, inputs));
    for (let j = 0; j < n; j++) order[this.next[col[j]]++] = j;
    return n;
  }

  /** The entry buffers, grown (never shrunk) to hold n entries. */
  private fit(n: number): NonNullable<FusedStep['entries']> {
    const old = this.entries;
    if (old && old.capacity >= n) return old;
    if (old) {
      for (const b of [old.row, old.col, old.val, old.order, old.g]) {
        this.heap.free(b);
        this.buffers.delete(b);
      }
    }
    const capacity = Math.max(n, Math.ceil((old?.capacity ?? 0) * 1.25), 1);
    const f = () => this.hold(capacity, 'float32');
    const i = () => this.hold(capacity, 'int32');
    return (this.entries = { capacity, row: i(), col: i(), val: f(), order: i(), g: f() });
  }
}
