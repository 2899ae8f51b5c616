import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { Csr, CsrBlock } from '../data/types';
import { longestRows } from './memory';
import { csrBlock } from './sparse';
import { blockColumns } from './sparse-webgpu';
import { STEP_SHADERS, type StepShader } from './fused-step-wgsl';
import type { Moments, StepParams, StepShape, TrainStep } from './train-step';
import { ACTIVATION_CODE, type AdamScalars, type Mask } from './wasm/threads';

type Uniform = { type: 'int32' | 'float32' | 'uint32'; data: number[] };

const ints = (a: Int32Array) => tf.tensor1d(a, 'int32');

/**
 * The default model's training step on WebGPU as seven dispatches a batch (fused-step-wgsl.ts: encode, decode, dz,
 * update1, update2, updateb1, sums), nothing read back within an epoch. The step keeps each parameter with its
 * Adam moments in one buffer ([w; m; v], and the decoder's bias after its weight), which the update shaders
 * rewrite in place (tfjs-webgpu's program output given as the buffer to write), so no dispatch makes a new
 * weight. Every batch has the same shapes (blocks padded to the most entries a batch can hold), so the
 * pipelines and buffers are made once. The sums of an epoch (its loss, the evaluation's) accumulate in one small
 * buffer the trainer reads back with the epoch's figures.
 */
export class FusedStepWebGpu implements TrainStep {
  readonly ownsMoments = true;
  /** [w1; m1; v1] and [b1; m; v]; [w2; m2; v2; b2; mb2; vb2]. */
  private s1?: tf.Tensor;
  private sb1?: tf.Tensor;
  private s2?: tf.Tensor;
  /** [loss, train SSE, validation SSE and AE, test SSE and AE] so far. */
  private acc: tf.Tensor;
  private readonly capacity = new Map<Csr, number>();

  constructor(readonly shape: StepShape) {
    this.acc = tf.keep(tf.zeros([6]));
  }

  private get backend(): WebGPUBackend {
    return tf.backend() as WebGPUBackend;
  }

  load(p: StepParams<tf.Tensor>, mv: StepParams<Moments>): void {
    this.disposeState();
    const flat = (...t: tf.Tensor[]) => tf.keep(tf.tidy(() => tf.concat(t.map((x) => tf.reshape(x, [-1])))));
    this.s1 = flat(p.w1, mv.w1.m, mv.w1.v);
    this.sb1 = flat(p.b1, mv.b1.m, mv.b1.v);
    this.s2 = flat(p.w2, mv.w2.m, mv.w2.v, p.b2, mv.b2.m, mv.b2.v);
  }

  param(k: keyof StepParams<tf.Tensor>): tf.Tensor {
    const w = this.wSize;
    const [t, from, size] = { w1: [this.s1!, 0, w], b1: [this.sb1!, 0, this.shape.hidden], w2: [this.s2!, 0, w], b2: [this.s2!, 3 * w, this.shape.inputs] }[k] as [tf.Tensor, number, number];
    return this.part(t, from, size);
  }

  moments(): StepParams<Moments> {
    const { hidden: h, inputs: u } = this.shape;
    const w = this.wSize;
    return tf.tidy(() => ({
      w1: { m: this.part(this.s1!, w, w), v: this.part(this.s1!, 2 * w, w) },
      b1: { m: this.part(this.sb1!, h, h), v: this.part(this.sb1!, 2 * h, h) },
      w2: { m: this.part(this.s2!, w, w), v: this.part(this.s2!, 2 * w, w) },
      b2: { m: this.part(this.s2!, 3 * w + u, u), v: this.part(this.s2!, 3 * w + 2 * u, u) },
    }));
  }

  train(m: Csr, ids: Int32Array, mask: Mask | undefined, adam: AdamScalars): void {
    const { hidden: h, batch, inputs, encoder, decoder } = this.shape;
    const w = this.wSize;
    const act = ACTIVATION_CODE[encoder];
    const dact = decoder === 'relu' ? 2 : 0;
    const k = mask ?? { seed: 0, threshold: 0, scale: 0 };
    const maskU: Uniform[] = [
      { type: 'uint32', data: [k.seed >>> 0] },
      { type: 'uint32', data: [k.threshold >>> 0] },
      { type: 'float32', data: [k.scale] },
      { type: 'int32', data: [mask ? 1 : 0] },
    ];
    const adamU: Uniform[] = [adam.b1, adam.omb1, adam.b2, adam.omb2, adam.oma1, adam.oma2, adam.eps, adam.nlr].map((x) => ({ type: 'float32' as const, data: [x] }));
    tf.tidy(() => {
      const b = this.block(m, ids);
      const t = this.columns(b.x);
      const y = this.run('encode', [b.ptr, b.col, b.val, this.s1!, this.sb1!], [2 * batch * h], [batch * h, h, act], maskU);
      const g = this.run('decode', [b.row, b.col, b.val, y, this.s2!], [2 * b.capacity], [b.capacity, h, batch * h, 3 * w, dact]);
      const dz = this.run('dz', [b.ptr, b.col, g, this.s2!, y], [batch * h], [batch * h, h, act], maskU);
      this.run('update1', [t.tptr, t.tsrc, t.tval, dz], this.s1!, [inputs * h, h, w], [{ type: 'float32', data: [adam.l2] }, ...adamU]);
      this.run('update2', [t.tptr, t.tsrc, t.tent, g, y], this.s2!, [inputs * h, h, w, batch * h, inputs], [{ type: 'float32', data: [adam.l2] }, ...adamU]);
      this.run('updateb1', [dz], this.sb1!, [h, h, batch], adamU);
      this.run('sums', [g], this.acc, [b.capacity, 0, -1, b.capacity]);
    });
  }

  evaluate(input: Csr, ids: Int32Array, sets: readonly [Csr | undefined, Csr | undefined, Csr | undefined], lo: number, hi: number): void {
    const { hidden: h, batch, encoder, decoder } = this.shape;
    const w = this.wSize;
    const off: Uniform[] = [{ type: 'uint32', data: [0] }, { type: 'uint32', data: [0] }, { type: 'float32', data: [0] }, { type: 'int32', data: [0] }];
    const slots = [[1, -1], [2, 3], [4, 5]];
    tf.tidy(() => {
      const x = this.block(input, ids);
      const y = this.run('encode', [x.ptr, x.col, x.val, this.s1!, this.sb1!], [2 * batch * h], [batch * h, h, ACTIVATION_CODE[encoder]], off);
      sets.forEach((s, k) => {
        if (!s) return;
        const b = this.block(s, ids);
        const e = this.run('evaluate', [b.row, b.col, b.val, y, this.s2!], [b.capacity], [b.capacity, h, batch * h, 3 * w, decoder === 'relu' ? 2 : 0], [
          { type: 'float32', data: [lo] },
          { type: 'float32', data: [hi] },
        ]);
        this.run('sums', [e], this.acc, [b.capacity, slots[k][0], slots[k][1], 0]);
      });
    });
  }

  take(): { loss: tf.Scalar; sums: tf.Tensor1D } {
    const acc = this.acc;
    this.acc = tf.keep(tf.zeros([6]));
    const out = tf.tidy(() => ({ loss: tf.reshape(tf.slice(acc, [0], [1]), []) as tf.Scalar, sums: tf.slice(acc, [1], [5]) as tf.Tensor1D }));
    acc.dispose();
    return out;
  }

  dispose(): void {
    this.disposeState();
    this.acc.dispose();
  }

  private get wSize(): number {
    return this.shape.inputs * this.shape.hidden;
  }

  private disposeState(): void {
    tf.dispose([this.s1, this.sb1, this.s2].filter((t): t is tf.Tensor => t !== undefined));
    this.s1 = this.sb1 = this.s2 = undefined;
  }

  private part(t: tf.Tensor, from: number, size: number): tf.Tensor {
    return tf.slice(t, [from], [size]);
  }

  /**
   * A shader (STEP_SHADERS) over `inputs`: into a new tensor of `out`'s shape, or rewriting the tensor `out` in
   * place. `ints` are its i32 uniforms (the thread count first), `more` the rest, in the shader's order.
   */
  private run(name: StepShader, inputs: tf.Tensor[], out: number[] | tf.Tensor, ints: number[], more: Uniform[] = []): tf.Tensor {
    const shader: { inputs: string[]; uniforms: string; code: string; single?: boolean } = STEP_SHADERS[name];
    const outputShape = Array.isArray(out) ? out : out.shape;
    const threads = ints[0];
    const program: WebGPUProgram = {
      shaderKey: `AutoRecStep_${name}`,
      outputShape,
      variableNames: shader.inputs,
      uniforms: shader.uniforms,
      workgroupSize: [64, 1, 1],
      dispatchLayout: { x: outputShape.map((_, i) => i) },
      dispatch: [shader.single ? 1 : Math.ceil(threads / 64), 1, 1],
      getUserCode: () => shader.code,
    };
    const uniforms: Uniform[] = [...ints.map((x) => ({ type: 'int32' as const, data: [x] })), ...more];
    if (Array.isArray(out)) return tf.engine().makeTensorFromTensorInfo(this.backend.runWebGPUProgram(program, inputs, 'float32', uniforms));
    this.backend.runWebGPUProgram(program, inputs, 'float32', uniforms, { dataId: out.dataId, shape: out.shape, dtype: out.dtype });
    return out;
  }

  /**
   * The batch's block as tensors (inside the caller's tidy), padded to the most entries `ids.length` rows of `m`
   * can hold (one shape every batch).
   */
  private block(m: Csr, ids: Int32Array) {
    let capacity = this.capacity.get(m);
    if (capacity === undefined) this.capacity.set(m, (capacity = Math.max(1, longestRows(m.rowPtr, ids.length))));
    const x = csrBlock(m, ids, capacity);
    return { x, capacity, ptr: ints(x.ptr), row: ints(x.row), col: ints(x.col), val: tf.tensor1d(x.val) };
  }

  /** A block's entries by column (the weights' rows) as tensors: their pointers, rows, values and entry numbers. */
  private columns(x: CsrBlock) {
    const c = blockColumns(x, this.shape.inputs);
    return { tptr: ints(c.ptr), tsrc: ints(c.row), tval: tf.tensor1d(c.val), tent: ints(c.entry) };
  }
}

