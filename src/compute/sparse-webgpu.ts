import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { CsrBlock } from '../data/types';

/*
 * The sparse ops on tfjs' WebGPU backend, as WGSL compute shaders registered as tfjs kernels.
 * Every reduction is a gather: one thread per output element loops over that output's entries
 * (the block's CSR rows, or its CSC columns built here on the CPU), so no float atomics and the
 * same sums in the same order on every run. Shapes reach the shaders as tfjs' uniforms
 * (`uniforms.<name>Shape`, `uniforms.outShape`), so one pipeline serves every block size.
 * Blocks may be padded past `ptr[rows]` (row -1, see csrBlock): those entries are read by nobody
 * and predicted as 0.
 */

const SEGMENT_MATMUL = 'AutoRecSegmentMatMul';
const SEGMENT_SUM = 'AutoRecSegmentSum';
const SDDMM = 'AutoRecSddmm';

/**
 * Hidden units go 4 to a thread where the hidden size allows (vec4 loads and math), else 1: `v`.
 * Rows of H floats are then H / v vectors long.
 */
const vec = (v: number) => (v === 4 ? 'vec4<f32>' : 'f32');

/** out[r, j] = sum over k in [segPtr[r], segPtr[r+1]) of segVal[k] * dense[segSrc[k], j]. */
const segmentMatMulCode = (v: number) => `
  fn main(index : i32) {
    if (index < uniforms.size) {
      let W = uniforms.outShape.y / ${v};
      let r = index / W;
      let j = index - r * W;
      var acc = ${vec(v)}(0.0);
      for (var k = segPtr[r]; k < segPtr[r + 1]; k++) {
        acc += segVal[k] * dense[segSrc[k] * W + j];
      }
      setOutputAtIndex(index, acc);
    }
  }`;

/** out[r] = sum over k in [segPtr[r], segPtr[r+1]) of segVal[k]. */
const segmentSumCode = () => `
  fn main(index : i32) {
    if (index < uniforms.size) {
      var acc = 0.0;
      for (var k = segPtr[index]; k < segPtr[index + 1]; k++) {
        acc += segVal[k];
      }
      setOutputAtIndex(index, acc);
    }
  }`;

/** out[k] = dot(hid[entRow[k], :], wt[entCol[k], :]) + bias[entCol[k]]; 0 for padding (row -1). */
const sddmmCode = (v: number) => `
  fn main(index : i32) {
    if (index < uniforms.size) {
      let r = entRow[index];
      if (r < 0) {
        setOutputAtIndex(index, 0.0);
        return;
      }
      let c = entCol[index];
      let W = uniforms.hidShape.y / ${v};
      var acc = ${vec(v)}(0.0);
      for (var j = 0; j < W; j++) {
        acc += hid[r * W + j] * wt[c * W + j];
      }
      setOutputAtIndex(index, ${v === 4 ? 'dot(acc, vec4<f32>(1.0))' : 'acc'} + bias[c]);
    }
  }`;

const WORKGROUP: [number, number, number] = [64, 1, 1];

interface KernelSpec {
  /** The shader's storage buffers, in binding order; also the kernel's input names. */
  inputs: string[];
  /** Which input's last dimension is the hidden size (vectorized by 4 where it divides). */
  hidden?: string;
  /** Inputs read as vectors, and whether the output is written as vectors. */
  vectorInputs: string[];
  vectorOutput: boolean;
  outputShape: (input: (name: string) => tf.TensorInfo) => number[];
  code: (v: number) => string;
}

const KERNELS: Record<string, KernelSpec> = {
  [SEGMENT_MATMUL]: {
    inputs: ['segPtr', 'segSrc', 'segVal', 'dense'],
    hidden: 'dense',
    vectorInputs: ['dense'],
    vectorOutput: true,
    outputShape: (input) => [input('segPtr').shape[0] - 1, input('dense').shape[1]],
    code: segmentMatMulCode,
  },
  [SEGMENT_SUM]: {
    inputs: ['segPtr', 'segVal'],
    vectorInputs: [],
    vectorOutput: false,
    outputShape: (input) => [input('segPtr').shape[0] - 1],
    code: segmentSumCode,
  },
  [SDDMM]: {
    inputs: ['entRow', 'entCol', 'hid', 'wt', 'bias'],
    hidden: 'hid',
    vectorInputs: ['hid', 'wt'],
    vectorOutput: false,
    outputShape: (input) => [input('entRow').shape[0]],
    code: sddmmCode,
  },
};

/**
 * One thread per output element, or per 4 of them, in tfjs' flat dispatch. Past the device's
 * maxComputeWorkgroupsPerDimension (65,535; ML-25M's dW needs ~115k workgroups for U-AutoRec, ~317k for I-AutoRec) tfjs reshapes the dispatch
 * to 2-D or 3-D and its getGlobalIndex(), main's `index`, counts workgroups over all three dimensions; the
 * threads past the output stop at `index < uniforms.size` (tested past the limit in sparse-webgpu.test.ts).
 */
function program(name: string, spec: KernelSpec, input: (name: string) => tf.TensorInfo): WebGPUProgram {
  const outputShape = spec.outputShape(input);
  const v = spec.hidden && input(spec.hidden).shape[1] % 4 === 0 ? 4 : 1;
  const threads = outputShape.reduce((a, b) => a * b, 1) / (spec.vectorOutput ? v : 1);
  return {
    shaderKey: `${name}${v}`,
    outputShape,
    variableNames: spec.inputs,
    variableComponents: spec.inputs.map((n) => (spec.vectorInputs.includes(n) ? v : 1)),
    outputComponent: spec.vectorOutput ? v : 1,
    size: true,
    workgroupSize: WORKGROUP,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(threads / WORKGROUP[0]), 1, 1],
    getUserCode: () => spec.code(v),
  };
}

for (const [kernelName, spec] of Object.entries(KERNELS)) {
  if (tf.getKernel(kernelName, 'webgpu')) continue;
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const input = (name: string) => inputs[name] as tf.TensorInfo;
      return (backend as WebGPUBackend).runWebGPUProgram(program(kernelName, spec, input), spec.inputs.map(input), 'float32');
    },
  });
}

const run = (kernel: string, inputs: tf.NamedTensorMap) => tf.engine().runKernel<tf.Tensor>(kernel, inputs);
const ints = (a: Int32Array) => tf.tensor1d(a, 'int32');

/** The block's entries grouped by column: CSC of the block, for the reductions over columns. */
interface Columns {
  readonly cols: number;
  /** Entries of column c sit at [ptr[c], ptr[c+1]) in this order. */
  readonly ptr: Int32Array;
  /** Block entry index, block row and value of each entry in column order (as long as the block's arrays). */
  readonly entry: Int32Array;
  readonly row: Int32Array;
  readonly val: Float32Array;
}

const columnsCache = new WeakMap<CsrBlock, Columns>();

/** Counting sort of the block's real entries by column; `cols` is the weight's row count. */
export function blockColumns(x: CsrBlock, cols: number): Columns {
  const cached = columnsCache.get(x);
  if (cached?.cols === cols) return cached;
  const n = x.ptr[x.rows];
  const ptr = new Int32Array(cols + 1);
  for (let k = 0; k < n; k++) ptr[x.col[k] + 1]++;
  for (let c = 0; c < cols; c++) ptr[c + 1] += ptr[c];
  const next = ptr.slice(0, cols);
  const entry = Int32Array.from({ length: x.col.length }, (_, k) => k); // padding maps to itself
  const row = new Int32Array(x.col.length).fill(-1);
  const val = new Float32Array(x.col.length);
  for (let k = 0; k < n; k++) {
    const at = next[x.col[k]]++;
    entry[at] = k;
    row[at] = x.row[k];
    val[at] = x.val[k];
  }
  const columns = { cols, ptr, entry, row, val };
  columnsCache.set(x, columns);
  return columns;
}

type CustomGrad = Parameters<typeof tf.customGrad>[0];
type SaveFunc = (tensors: tf.Tensor[]) => void;

/** X W on WebGPU: [rows, H]; gradient dW = X^T dY, [U, H]. */
export function spmmWebGpu(x: CsrBlock, w: tf.Tensor2D): tf.Tensor2D {
  const [U, H] = w.shape;
  const op = tf.customGrad(((wt: tf.Tensor) => {
    if (x.col.length === 0) return { value: tf.zeros([x.rows, H]), gradFunc: () => tf.zerosLike(wt) };
    return {
      value: run(SEGMENT_MATMUL, { segPtr: ints(x.ptr), segSrc: ints(x.col), segVal: tf.tensor1d(x.val), dense: wt }),
      gradFunc: (dy: tf.Tensor) => {
        const c = blockColumns(x, U);
        return run(SEGMENT_MATMUL, { segPtr: ints(c.ptr), segSrc: ints(c.row), segVal: tf.tensor1d(c.val), dense: dy });
      },
    };
  }) as CustomGrad);
  return op(w) as tf.Tensor2D;
}

/** The decoder at the block's entries on WebGPU: [entries]; gradients to h, w2t and b2. */
export function sddmmWebGpu(x: CsrBlock, h: tf.Tensor2D, w2t: tf.Tensor2D, b2: tf.Tensor1D): tf.Tensor1D {
  const U = w2t.shape[0];
  const op = tf.customGrad(((ht: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor, save: SaveFunc) => {
    if (x.col.length === 0) return { value: tf.zeros([0]), gradFunc: () => [tf.zerosLike(ht), tf.zerosLike(wt), tf.zerosLike(bt)] };
    save([ht, wt]);
    return {
      value: run(SDDMM, { entRow: ints(x.row), entCol: ints(x.col), hid: ht, wt, bias: bt }),
      gradFunc: (g: tf.Tensor, [hs, ws]: tf.Tensor[]) => {
        const c = blockColumns(x, U);
        const byCol = { segPtr: ints(c.ptr), segVal: tf.gather(g, ints(c.entry)) };
        return [
          run(SEGMENT_MATMUL, { segPtr: ints(x.ptr), segSrc: ints(x.col), segVal: g, dense: ws }),
          run(SEGMENT_MATMUL, { ...byCol, segSrc: ints(c.row), dense: hs }),
          run(SEGMENT_SUM, byCol),
        ];
      },
    };
  }) as CustomGrad);
  return op(h, w2t, b2) as tf.Tensor1D;
}
