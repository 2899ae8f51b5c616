import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../../data/types';
import { checkIndices } from './cpu-kernels';
import { MAX_PARTS } from './control-block';
import { PARAM_KEYS, type Moments, type StepParams, type StepShape, type TrainStep } from '../train-step';
import { ACTIVATION_CODE, type AdamScalars, type KernelThreads, type Mask } from './threads';

/** What the fused step needs of the memory the kernels run in (wasm-heap.ts gives tfjs-wasm's heap). */
export interface HeapContext {
  readonly memory: WebAssembly.Memory;
  /** A tensor's byte offset in the memory. */
  at(t: tf.Tensor): number;
  /** A tensor on fresh memory of the heap, not initialised, not kept. */
  empty(shape: number[], dtype: 'float32' | 'int32'): tf.Tensor;
  /** The kernels on their threads now (they can change between calls: useThreads). */
  threads(): KernelThreads;
}

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
 * place): `load` copies them in, `params` copies them out, for the caller to give its variables between epochs.
 * The moments are the optimizer's own tensors, changed in place as FusedAdam changes them. The batch's block is
 * written straight into this memory, its columns grouped once. The arithmetic is the separate kernels' (each call
 * runs them), so the numbers are the tfjs path's on wasm bit for bit, and the same on any number of threads.
 */
export class FusedStep implements TrainStep {
  readonly ownsMoments = false;
  private readonly w: StepParams<tf.Tensor>;
  private readonly y: tf.Tensor;
  private readonly hd: tf.Tensor;
  private readonly dz: tf.Tensor;
  private readonly gb: tf.Tensor;
  private readonly rowSums: tf.Tensor;
  private readonly absSums: tf.Tensor;
  private readonly ptr: tf.Tensor;
  private readonly tptr: tf.Tensor;
  private readonly scratch: tf.Tensor;
  private readonly chunk: number;
  private readonly tile: number;
  /** Entry buffers (row, col, val, order, g), grown to the largest block seen. */
  private entries?: { capacity: number; row: tf.Tensor; col: tf.Tensor; val: tf.Tensor; order: tf.Tensor; g: tf.Tensor };
  /** Matrices whose column numbers were checked against the inputs (once each). */
  private readonly checked = new WeakSet<Csr>();
  private readonly next: Int32Array;
  /** The epoch's loss and evaluation sums so far (take). */
  private loss = 0;
  private readonly sums = [0, 0, 0, 0, 0];

  constructor(
    private readonly heap: HeapContext,
    readonly shape: StepShape,
  ) {
    const { inputs, hidden, batch } = shape;
    const f = (n: number) => tf.keep(heap.empty([n], 'float32'));
    const i = (n: number) => tf.keep(heap.empty([n], 'int32'));
    this.w = { w1: f(inputs * hidden), b1: f(hidden), w2: f(inputs * hidden), b2: f(inputs) };
    [this.y, this.hd, this.dz] = [f(batch * hidden), f(batch * hidden), f(batch * hidden)];
    [this.gb, this.rowSums, this.absSums] = [f(hidden), f(batch), f(batch)];
    [this.ptr, this.tptr] = [i(batch + 1), i(inputs + 1)];
    this.chunk = Math.max(1, Math.floor(CHUNK_FLOATS / hidden));
    this.tile = encodeTile(inputs, hidden);
    this.scratch = f(MAX_PARTS * this.chunk * hidden);
    this.next = new Int32Array(inputs);
  }

  /** Copies the weights in (tensors of this heap, each of its size); the moments are stepped where they are (train). */
  load(p: StepParams<tf.Tensor>): void {
    for (const k of PARAM_KEYS) {
      if (p[k].size !== this.w[k].size) throw new Error(`fused step: ${k} holds ${p[k].size} floats, want ${this.w[k].size}`);
      this.bytes().copyWithin(this.heap.at(this.w[k]), this.heap.at(p[k]), this.heap.at(p[k]) + 4 * p[k].size);
    }
  }

  moments(): undefined {
    return undefined;
  }

  param(k: keyof StepParams<tf.Tensor>): tf.Tensor {
    const t = this.w[k];
    const out = this.heap.empty([t.size], 'float32');
    this.bytes().copyWithin(this.heap.at(out), this.heap.at(t), this.heap.at(t) + 4 * t.size);
    return out;
  }

  /** The step (TrainStep.train), the moments stepped in place; the loss is the rows' sums added in row order. */
  train(m: Csr, ids: Int32Array, mask: Mask | undefined, adam: AdamScalars, moments: StepParams<Moments>): void {
    const { hidden: h, batch, inputs, encoder, decoder } = this.shape;
    const n = this.block(m, ids);
    const e = this.entries!;
    const at = (t: tf.Tensor) => this.heap.at(t);
    const team = this.heap.threads();
    const act = ACTIVATION_CODE[encoder];
    const dact = decoder === 'relu' ? 2 : 0;
    const { seed, threshold, scale } = mask ?? { seed: 0, threshold: 0, scale: 0 };
    const hasmask = mask ? 1 : 0;
    const hd = mask ? at(this.hd) : at(this.y);
    const rows = { at: at(this.ptr), rowCost: 1 };
    team.step('encode', { ptr: at(this.ptr), a: at(e.val), xi: at(e.col), x: at(this.w.w1), h, y: at(this.y), b: at(this.w.b1), mode: 1 + act, hd, seed, threshold, scale, hasmask, tile: this.tile }, batch, n * h, rows);
    team.step('decode', { ptr: at(this.ptr), row: at(e.row), col: at(e.col), val: at(e.val), hd, w: at(this.w.w2), b: at(this.w.b2), h, g: at(e.g), sse: at(this.rowSums), y: at(this.y), dz: at(this.dz), act, dact, seed, threshold, scale, hasmask }, batch, 2 * n * h, rows);
    const s = { beta1: adam.b1, omb1: adam.omb1, beta2: adam.b2, omb2: adam.omb2, oma1: adam.oma1, oma2: adam.oma2, eps: adam.eps, nlr: adam.nlr, lazy: adam.lazy };
    const mv = (k: keyof StepParams<Moments>) => ({ m: at(moments[k].m), v: at(moments[k].v) });
    const [m1, m2, mb] = [mv('w1'), mv('w2'), mv('b2')];
    team.step(
      'update',
      { tptr: at(this.tptr), order: at(e.order), row: at(e.row), val: at(e.val), g: at(e.g), dz: at(this.dz), hd, h, w1: at(this.w.w1), m1: m1.m, v1: m1.v, w2: at(this.w.w2), m2: m2.m, v2: m2.v, b2: at(this.w.b2), mb: mb.m, vb: mb.v, scratch: at(this.scratch), chunk: this.chunk, l2: adam.l2, ...s },
      inputs,
      (2 * n + 8 * inputs) * h,
      { at: at(this.tptr), rowCost: 4 },
    );
    const b1 = mv('b1');
    team.step('biasupdate', { dz: at(this.dz), rows: batch, h, gb: at(this.gb), b: at(this.w.b1), m: b1.m, v: b1.v, ...s }, h, batch * h);
    this.loss += this.sum(this.rowSums);
  }

  evaluate(input: Csr, ids: Int32Array, sets: readonly [Csr | undefined, Csr | undefined, Csr | undefined], lo: number, hi: number): void {
    const { hidden: h, batch, encoder, decoder } = this.shape;
    const at = (t: tf.Tensor) => this.heap.at(t);
    const team = this.heap.threads();
    const rows = { at: at(this.ptr), rowCost: 1 };
    let n = this.block(input, ids, false);
    let e = this.entries!;
    team.step('encode', { ptr: at(this.ptr), a: at(e.val), xi: at(e.col), x: at(this.w.w1), h, y: at(this.y), b: at(this.w.b1), mode: 1 + ACTIVATION_CODE[encoder], hd: at(this.y), seed: 0, threshold: 0, scale: 0, hasmask: 0, tile: this.tile }, batch, n * h, rows);
    // [squared, absolute] error sums of each set: train has no absolute one
    const slots = [[0, -1], [1, 2], [3, 4]];
    sets.forEach((m, k) => {
      if (!m) return;
      n = this.block(m, ids, false);
      e = this.entries!;
      const call = { ptr: at(this.ptr), row: at(e.row), col: at(e.col), val: at(e.val), hd: at(this.y), w: at(this.w.w2), b: at(this.w.b2), h, p: at(e.g), sse: at(this.rowSums), sae: at(this.absSums), dact: decoder === 'relu' ? 2 : 0, lo, hi };
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
    tf.dispose([...PARAM_KEYS.map((k) => this.w[k]), this.y, this.hd, this.dz, this.gb, this.rowSums, this.absSums, this.ptr, this.tptr, this.scratch]);
    if (this.entries) tf.dispose([this.entries.row, this.entries.col, this.entries.val, this.entries.order, this.entries.g]);
    this.entries = undefined;
  }

  private bytes(): Uint8Array {
    return new Uint8Array(this.heap.memory.buffer);
  }

  /** A float buffer's first `batch` values added in order (in doubles): the same sum on any number of threads. */
  private sum(t: tf.Tensor): number {
    const v = new Float32Array(this.heap.memory.buffer, this.heap.at(t), this.shape.batch);
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
    const at = (t: tf.Tensor) => this.heap.at(t);
    const ptr = new Int32Array(buf, at(this.ptr), batch + 1);
    const [row, col, val] = [new Int32Array(buf, at(e.row), n), new Int32Array(buf, at(e.col), n), new Float32Array(buf, at(e.val), n)];
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
    const tptr = new Int32Array(buf, at(this.tptr), inputs + 1);
    const order = new Int32Array(buf, at(e.order), n);
    tptr.fill(0);
    for (let j = 0; j < n; j++) tptr[col[j] + 1]++;
    for (let c = 0; c < inputs; c++) tptr[c + 1] += tptr[c];
    this.next.set(tptr.subarray(0, inputs));
    for (let j = 0; j < n; j++) order[this.next[col[j]]++] = j;
    return n;
  }

  /** The entry buffers, grown (never shrunk) to hold n entries. */
  private fit(n: number): NonNullable<FusedStep['entries']> {
    if (this.entries && this.entries.capacity >= n) return this.entries;
    if (this.entries) tf.dispose([this.entries.row, this.entries.col, this.entries.val, this.entries.order, this.entries.g]);
    const capacity = Math.max(n, Math.ceil((this.entries?.capacity ?? 0) * 1.25), 1);
    const f = () => tf.keep(this.heap.empty([capacity], 'float32'));
    const i = () => tf.keep(this.heap.empty([capacity], 'int32'));
    return (this.entries = { capacity, row: i(), col: i(), val: f(), order: i(), g: f() });
  }
}
