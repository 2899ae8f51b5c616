import { describe, expect, it } from 'vitest';
import { makeRng } from '../../data/rng';
import { checkBlock, checkBlockEntries, jsKernels, kernels, wasmSimdKernels } from './cpu-kernels';
import type { CsrBlock } from '../../data/types';

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

describe.each([
  ['wasm-simd', wasmSimdKernels()],
  ['js', jsKernels],
] as const)('%s kernels check their bounds once per call and throw', (_, k) => {
  const x = floats(5 * 3); // 5 rows of 3
  it('on an output row past the output', () => {
    expect(() => k.scatter(2, Int32Array.of(0, 2), floats(2), x, Int32Array.of(0, 1), 3)).toThrow('scatter: output row index 2 at entry 1 is outside the 2 rows of the output');
  });
  it('on a padded entry (row -1)', () => {
    expect(() => k.scatter(2, Int32Array.of(0, -1), floats(2), x, Int32Array.of(0, 0), 3)).toThrow(/output row index -1 at entry 1 .*a padded block\?/);
  });
  it('on an input row past the input', () => {
    expect(() => k.scatter(2, Int32Array.of(0, 1), floats(2), x, Int32Array.of(5, 0), 3)).toThrow('scatter: input row index 5 at entry 0 is outside the 5 rows of the input');
    expect(() => k.dots(x, Int32Array.of(0, 4), x, Int32Array.of(1, 9), 3)).toThrow('dots: right row index 9 at entry 1 is outside the 5 rows of the right matrix');
    expect(() => k.dots(x, Int32Array.of(-3), x, Int32Array.of(1), 3)).toThrow('dots: left row index -3 at entry 0');
  });
  it('on index arrays shorter than the entries, and a matrix of partial rows', () => {
    expect(() => k.scatter(2, Int32Array.of(0), floats(2), x, Int32Array.of(0, 1), 3)).toThrow('scatter: 2 entries but 1 output row indices');
    expect(() => k.dots(x, Int32Array.of(0, 1), x, Int32Array.of(1), 3)).toThrow('dots: 2 entries but 1 right row indices');
    expect(() => k.scatter(2, Int32Array.of(0), floats(1), x, Int32Array.of(0), 4)).toThrow('scatter: the input holds 15 floats, not whole rows of 4');
  });
});

describe('a block checked against its weight', () => {
  const good = (): CsrBlock => ({ rows: 3, cols: 6, ptr: Int32Array.of(0, 2, 2, 3), col: Int32Array.of(1, 5, 0), val: Float32Array.of(4, 5, 3), row: Int32Array.of(0, 0, 2) });
  const padded = (): CsrBlock => ({ ...good(), col: Int32Array.of(1, 5, 0, 0), val: Float32Array.of(4, 5, 3, 0), row: Int32Array.of(0, 0, 2, -1) });
  it('passes an exact block, and a padded one only where padding is allowed', () => {
    expect(() => checkBlock('spmm', good(), 6)).not.toThrow();
    expect(() => checkBlockEntries('spmm', good(), 6)).not.toThrow();
    expect(() => checkBlock('spmm', padded(), 6)).toThrow('spmm: a padded block (3 entries in arrays of 4): the wasm and cpu kernels take exact blocks');
    expect(() => checkBlock('spmm', padded(), 6, true)).not.toThrow();
    expect(() => checkBlockEntries('spmm', padded(), 6)).not.toThrow();
  });
  it('throws on a block for another matrix', () => {
    expect(() => checkBlock('sddmm', good(), 7)).toThrow('sddmm: a block of a matrix with 6 columns, against a weight of 7 rows (a block for another matrix?)');
  });
  it('throws on row pointers past the entries, falling, or not starting at 0', () => {
    expect(() => checkBlock('spmm', { ...good(), ptr: Int32Array.of(0, 2, 2, 4) }, 6)).toThrow('spmm: the block\'s row pointers end at 4, past its 3 entries');
    expect(() => checkBlock('spmm', { ...good(), ptr: Int32Array.of(0, 2, 1, 3) }, 6)).toThrow('spmm: the block\'s row pointers fall at row 1 (2 then 1)');
    expect(() => checkBlock('spmm', { ...good(), ptr: Int32Array.of(1, 2, 2, 3) }, 6)).toThrow('start at 1, not 0');
    expect(() => checkBlock('spmm', { ...good(), ptr: Int32Array.of(0, 2, 3) }, 6)).toThrow('spmm: a block of 3 rows has 3 row pointers, not 4');
    expect(() => checkBlock('spmm', { ...good(), val: Float32Array.of(1, 2) }, 6)).toThrow('differ in length (3, 2, 3)');
  });
  it('throws on an entry past the weight\'s rows or the block\'s rows', () => {
    expect(() => checkBlockEntries('spmm', { ...good(), col: Int32Array.of(1, 6, 0) }, 6)).toThrow('spmm: column 6 at entry 1 is outside the 6 rows of the weight');
    expect(() => checkBlockEntries('spmm', { ...good(), row: Int32Array.of(0, 0, 3) }, 6)).toThrow('spmm: block row 3 at entry 2 is outside the 3 rows of the block');
  });
});
