import { expect, it } from 'vitest';
import { makeRng } from '../../data/rng';
import { jsKernels, kernels, wasmSimdKernels } from './kernels';

const rng = makeRng(7);
const floats = (n: number) => Float32Array.from({ length: n }, () => rng() * 2 - 1);
const ints = (n: number, below: number) => Int32Array.from({ length: n }, () => Math.floor(rng() * below));

it('uses WebAssembly SIMD where the engine has it (Node 20 does)', () => {
  expect(kernels().kind).toBe('wasm-simd');
});

// Row lengths that hit every loop of the SIMD code: 16-wide, 4-wide and scalar tails.
for (const h of [1, 3, 4, 5, 8, 16, 17, 35, 64, 500]) {
  it(`scatter and dots agree with plain TypeScript for rows of length ${h}`, () => {
    const wasm = wasmSimdKernels();
    const [rows, xRows, n] = [7, 11, 40];
    const [x, a, xi, yi] = [floats(xRows * h), floats(n), ints(n, xRows), ints(n, rows)];
    const y = wasm.scatter(rows, yi, a, x, xi, h);
    const yJs = jsKernels.scatter(rows, yi, a, x, xi, h);
    expect(y.length).toBe(rows * h);
    y.forEach((v, k) => expect(v).toBeCloseTo(yJs[k], 5));
    const p = floats(rows * h);
    const d = wasm.dots(p, yi, x, xi, h);
    const dJs = jsKernels.dots(p, yi, x, xi, h);
    expect(d.length).toBe(n);
    d.forEach((v, k) => expect(v).toBeCloseTo(dJs[k], 5));
  });
}

it('matches a hand-computed scatter and dot', () => {
  const x = Float32Array.of(1, 2, 3, 4, 5, 6); // two rows of 3
  const y = wasmSimdKernels().scatter(2, Int32Array.of(1, 1, 0), Float32Array.of(2, -1, 10), x, Int32Array.of(0, 1, 1), 3);
  expect([...y]).toEqual([40, 50, 60, 2 - 4, 4 - 5, 6 - 6]);
  const d = wasmSimdKernels().dots(x, Int32Array.of(0, 1), x, Int32Array.of(1, 1), 3);
  expect([...d]).toEqual([4 + 10 + 18, 16 + 25 + 36]);
});

it('grows its memory for inputs larger than the first page and keeps working after', () => {
  const wasm = wasmSimdKernels();
  const h = 300;
  const x = floats(2000 * h); // 2.4 MB
  const [xi, yi, a] = [ints(500, 2000), ints(500, 3), floats(500)];
  const y = wasm.scatter(3, yi, a, x, xi, h);
  const yJs = jsKernels.scatter(3, yi, a, x, xi, h);
  y.forEach((v, k) => expect(v).toBeCloseTo(yJs[k], 4));
  expect([...wasm.dots(Float32Array.of(1, 1), Int32Array.of(0), Float32Array.of(2, 3), Int32Array.of(0), 2)]).toEqual([5]);
});
