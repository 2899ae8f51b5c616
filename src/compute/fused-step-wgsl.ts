/**
 * The WGSL of the fused training step on WebGPU (fused-step-webgpu.ts runs them): each a flat dispatch of 64-thread
 * workgroups, `main(index)` one thread (tfjs-webgpu's program frame: inputs are read-only arrays by name, `result`
 * the output, read and written; `uniforms.<name>` the scalars, declared here in the order they are passed). Every
 * sum is a gather (a thread loops over its own entries): no atomics, the same sums in the same order every run.
 */

/** Activations by ACTIVATION_CODE (0 identity, 1 sigmoid, 2 relu), the dropout mask (dropout.ts: the same hash, so the same mask as wasm's), Adam in place. */
const COMMON = `
fn activate(z : f32, a : i32) -> f32 {
  if (a == 1) { return 1.0 / (1.0 + exp(-z)); }
  if (a == 2) { return max(z, 0.0); }
  return z;
}
fn activationGrad(y : f32, a : i32) -> f32 {
  if (a == 1) { return y * (1.0 - y); }
  if (a == 2) { return select(0.0, 1.0, y > 0.0); }
  return 1.0;
}
`;

const MASK = `
fn keep(i : i32) -> f32 {
  var k = u32(i) * 0x9E3779B9u + uniforms.seed;
  k = k ^ (k >> 16u);
  k = k * 0x85EBCA6Bu;
  k = k ^ (k >> 13u);
  k = k * 0xC2B2AE35u;
  k = k ^ (k >> 16u);
  return select(0.0, uniforms.scale, k >= uniforms.threshold);
}
`;

/** Adam on result[i] with its moments at i + stride and i + 2 stride (kernels.wat adam's order of operations). */
const ADAM = `
fn adam(i : i32, stride : i32, g0 : f32, l2 : f32) {
  let w = result[i];
  let g = g0 + w * l2;
  let m = result[i + stride] * uniforms.beta1 + g * uniforms.omb1;
  let v = result[i + 2 * stride] * uniforms.beta2 + g * g * uniforms.omb2;
  result[i + stride] = m;
  result[i + 2 * stride] = v;
  result[i] = (m / uniforms.oma1) / (sqrt(v / uniforms.oma2) + uniforms.eps) * uniforms.nlr + w;
}
`;

/** The decoder at one rating (row r's code in y from hdOff, column c): hd . w2[c] + b2[c], then relu where dact is 2; `step` its derivative. */
const PREDICT = `
struct Prediction { p : f32, step : f32 }
fn predict(r : i32, c : i32) -> Prediction {
  let h = uniforms.h;
  var acc = 0.0;
  for (var j = 0; j < h; j++) { acc += y[uniforms.hdOff + r * h + j] * s2[c * h + j]; }
  let p = acc + s2[uniforms.b2Off + c];
  if (uniforms.dact == 2) { return Prediction(max(p, 0.0), select(0.0, 1.0, p > 0.0)); }
  return Prediction(p, 1.0);
}
`;

const MASK_UNIFORMS = 'seed : u32, threshold : u32, scale : f32, hasmask : i32,';
const ADAM_UNIFORMS = 'beta1 : f32, omb1 : f32, beta2 : f32, omb2 : f32, oma1 : f32, oma2 : f32, eps : f32, nlr : f32,';

interface Shader {
  inputs: string[];
  uniforms: string;
  code: string;
  /** One thread does it all (a sum in order). */
  single?: boolean;
}

export const STEP_SHADERS = {
  /** Thread (r, j): y = act(x W1 + b1) for row r of the block, unit j; hd = y times the mask: result [y; hd]. */
  encode: {
    inputs: ['bPtr', 'bCol', 'bVal', 's1', 'sb1'],
    uniforms: `n : i32, h : i32, act : i32, ${MASK_UNIFORMS}`,
    code: `${COMMON}${MASK}
fn main(index : i32) {
  if (index >= uniforms.n) { return; }
  let h = uniforms.h;
  let r = index / h;
  let j = index - r * h;
  var acc = 0.0;
  for (var k = bPtr[r]; k < bPtr[r + 1]; k++) { acc += bVal[k] * s1[bCol[k] * h + j]; }
  let y = activate(acc + sb1[j], uniforms.act);
  result[index] = y;
  result[uniforms.n + index] = select(y, y * keep(index), uniforms.hasmask != 0);
}`,
  },
  /**
   * Thread k (an entry): its prediction hd[row] . w2[col] + b2[col], the decoder's activation, its error e = p - rating
   * and gradient g = 2 e (times relu's step): result [g; e], 0 for padding.
   */
  decode: {
    inputs: ['bRow', 'bCol', 'bVal', 'y', 's2'],
    uniforms: 'n : i32, h : i32, hdOff : i32, b2Off : i32, dact : i32,',
    code: `${PREDICT}
fn main(index : i32) {
  if (index >= uniforms.n) { return; }
  let r = bRow[index];
  if (r < 0) {
    result[index] = 0.0;
    result[uniforms.n + index] = 0.0;
    return;
  }
  let p = predict(r, bCol[index]);
  let e = p.p - bVal[index];
  result[index] = e * 2.0 * p.step;
  result[uniforms.n + index] = e;
}`,
  },
  /** Thread (r, j): the hidden gradient, the row's g w2[col] summed, through the mask and the activation. */
  dz: {
    inputs: ['bPtr', 'bCol', 'g', 's2', 'y'],
    uniforms: `n : i32, h : i32, act : i32, ${MASK_UNIFORMS}`,
    code: `${COMMON}${MASK}
fn main(index : i32) {
  if (index >= uniforms.n) { return; }
  let h = uniforms.h;
  let r = index / h;
  let j = index - r * h;
  var acc = 0.0;
  for (var k = bPtr[r]; k < bPtr[r + 1]; k++) { acc += g[k] * s2[bCol[k] * h + j]; }
  if (uniforms.hasmask != 0) { acc = acc * keep(index); }
  result[index] = acc * activationGrad(y[index], uniforms.act);
}`,
  },
  /** Thread (u, j) of W1: its gradient from column u's entries (rating times dz), then Adam, in place in [w1; m1; v1]. */
  update1: {
    inputs: ['tPtr', 'tSrc', 'tVal', 'dz'],
    uniforms: `n : i32, h : i32, w : i32, l2 : f32, ${ADAM_UNIFORMS}`,
    code: `${ADAM}
fn main(index : i32) {
  if (index >= uniforms.n) { return; }
  let h = uniforms.h;
  let u = index / h;
  let j = index - u * h;
  var gr = 0.0;
  for (var k = tPtr[u]; k < tPtr[u + 1]; k++) { gr += tVal[k] * dz[tSrc[k] * h + j]; }
  adam(index, uniforms.w, gr, uniforms.l2);
}`,
  },
  /** Thread (u, j) of the decoder: its gradient (g times hd), Adam; unit 0 also b2[u]'s: in place in [w2; m2; v2; b2; m; v]. */
  update2: {
    inputs: ['tPtr', 'tSrc', 'tEnt', 'g', 'y'],
    uniforms: `n : i32, h : i32, w : i32, hdOff : i32, u : i32, l2 : f32, ${ADAM_UNIFORMS}`,
    code: `${ADAM}
fn main(index : i32) {
  if (index >= uniforms.n) { return; }
  let h = uniforms.h;
  let u = index / h;
  let j = index - u * h;
  var gr = 0.0;
  var gb = 0.0;
  for (var k = tPtr[u]; k < tPtr[u + 1]; k++) {
    let gk = g[tEnt[k]];
    gr += gk * y[uniforms.hdOff + tSrc[k] * h + j];
    gb += gk;
  }
  adam(index, uniforms.w, gr, uniforms.l2);
  if (j == 0) { adam(3 * uniforms.w + u, uniforms.u, gb, 0.0); }
}`,
  },
  /** Thread j: b1's gradient (dz's column sum over the batch), Adam, in place in [b1; m; v]. */
  updateb1: {
    inputs: ['dz'],
    uniforms: `n : i32, h : i32, rows : i32, ${ADAM_UNIFORMS}`,
    code: `${ADAM}
fn main(index : i32) {
  if (index >= uniforms.n) { return; }
  var gr = 0.0;
  for (var r = 0; r < uniforms.rows; r++) { gr += dz[r * uniforms.h + index]; }
  adam(index, uniforms.h, gr, 0.0);
}`,
  },
  /** One thread: the squares (and absolute values) of e[off..off + n), summed in order, added to result[slotSq] (and [slotAbs]). */
  sums: {
    inputs: ['e'],
    uniforms: 'n : i32, slotSq : i32, slotAbs : i32, off : i32,',
    single: true,
    code: `
fn main(index : i32) {
  if (index != 0) { return; }
  var sq = 0.0;
  var ab = 0.0;
  for (var k = 0; k < uniforms.n; k++) {
    let x = e[uniforms.off + k];
    sq += x * x;
    ab += abs(x);
  }
  result[uniforms.slotSq] += sq;
  if (uniforms.slotAbs >= 0) { result[uniforms.slotAbs] += ab; }
}`,
  },
  /** Thread k (a held-out rating): its prediction, clipped to [lo, hi], minus the rating; 0 for padding. */
  evaluate: {
    inputs: ['bRow', 'bCol', 'bVal', 'y', 's2'],
    uniforms: 'n : i32, h : i32, hdOff : i32, b2Off : i32, dact : i32, lo : f32, hi : f32,',
    code: `${PREDICT}
fn main(index : i32) {
  if (index >= uniforms.n) { return; }
  let r = bRow[index];
  if (r < 0) { result[index] = 0.0; return; }
  result[index] = clamp(predict(r, bCol[index]).p, uniforms.lo, uniforms.hi) - bVal[index];
}`,
  },
} satisfies Record<string, Shader>;

export type StepShader = keyof typeof STEP_SHADERS;
