import { KERNELS_WASM_BASE64 } from './kernels-wasm';

/**
 * The two loops of sparse AutoRec, over rows of length h of row-major f32 matrices:
 * scatter: y = 0; y[yi[k]] += a[k] * x[xi[k]] for every k (y has yRows rows);
 * dots: out[k] = p[pi[k]] . q[qi[k]].
 */
export interface Kernels {
  readonly kind: 'wasm-simd' | 'js';
  scatter(yRows: number, yi: Int32Array, a: Float32Array, x: Float32Array, xi: Int32Array, h: number): Float32Array;
  dots(p: Float32Array, pi: Int32Array, q: Float32Array, qi: Int32Array, h: number): Float32Array;
}

interface Exports {
  memory: WebAssembly.Memory;
  scatter(n: number, a: number, yi: number, y: number, xi: number, x: number, h: number): void;
  dots(n: number, out: number, pi: number, p: number, qi: number, q: number, h: number): void;
}

/** Copies arrays into the module's memory one after another (16-byte aligned), growing it as needed. */
class Arena {
  private top = 0;
  constructor(private readonly memory: WebAssembly.Memory) {}

  reset(): void {
    this.top = 0;
  }

  alloc(bytes: number): number {
    const at = this.top;
    this.top = (at + bytes + 15) & ~15;
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / 65536));
    return at;
  }

  put(a: Float32Array | Int32Array): number {
    const at = this.alloc(a.byteLength);
    new Uint8Array(this.memory.buffer, at, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return at;
  }

  zeros(n: number): number {
    const at = this.alloc(n * 4);
    new Float32Array(this.memory.buffer, at, n).fill(0);
    return at;
  }

  take(at: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, n).slice();
  }
}

function wasmKernels(bytes: Uint8Array<ArrayBuffer>): Kernels {
  const e = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  const arena = new Arena(e.memory);
  return {
    kind: 'wasm-simd',
    scatter(yRows, yi, a, x, xi, h) {
      arena.reset();
      const [pa, pyi, pxi, px] = [arena.put(a), arena.put(yi), arena.put(xi), arena.put(x)];
      const py = arena.zeros(yRows * h);
      e.scatter(a.length, pa, pyi, py, pxi, px, h);
      return arena.take(py, yRows * h);
    },
    dots(p, pi, q, qi, h) {
      arena.reset();
      const [pp, ppi, pq, pqi] = [arena.put(p), arena.put(pi), arena.put(q), arena.put(qi)];
      const out = arena.alloc(pi.length * 4);
      e.dots(pi.length, out, ppi, pp, pqi, pq, h);
      return arena.take(out, pi.length);
    },
  };
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
    const y = new Float32Array(yRows * h);
    for (let k = 0; k < a.length; k++) axpy(y, yi[k] * h, a[k], x, xi[k] * h, h);
    return y;
  },
  dots(p, pi, q, qi, h) {
    const out = new Float32Array(pi.length);
    for (let k = 0; k < pi.length; k++) out[k] = dot(p, pi[k] * h, q, qi[k] * h, h);
    return out;
  },
};

export function decode(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

let chosen: Kernels | undefined;

/** WebAssembly SIMD where the engine validates it, else plain TypeScript. */
export function kernels(): Kernels {
  if (!chosen) {
    const bytes = decode(KERNELS_WASM_BASE64);
    chosen = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? wasmKernels(bytes) : jsKernels;
  }
  return chosen;
}

export const wasmSimdKernels = (): Kernels => wasmKernels(decode(KERNELS_WASM_BASE64));
