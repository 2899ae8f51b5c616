import { expect, it } from 'vitest';
import { chooseCompute } from './compute-path';

/** A million-cell matrix with `share` of it observed. */
const filled = (share: number) => ({ numUsers: 1000, numItems: 1000, ratings: { ratings: new Float32Array(Math.round(share * 1e6)) } });
const resolveCompute = (c: Parameters<typeof chooseCompute>[0], backend: Parameters<typeof chooseCompute>[1]) => chooseCompute(c, backend, filled(0)).compute;

it("'auto' computes sparsely wherever sparse kernels run (webgpu, wasm, cpu) and densely on webgl", () => {
  expect((['webgpu', 'wasm', 'cpu', 'webgl'] as const).map((b) => resolveCompute('auto', b))).toEqual(['sparse', 'sparse', 'sparse', 'dense']);
  expect(resolveCompute('sparse', 'webgpu')).toBe('sparse');
  expect(resolveCompute('dense', 'webgpu')).toBe('dense');
  expect(() => resolveCompute('sparse', 'webgl')).toThrow(/webgl has no sparse kernels/);
});

it("'auto' says what it chose and why, and computes densely where most entries are observed", () => {
  expect(chooseCompute('auto', 'wasm', filled(0.063))).toEqual({ compute: 'sparse', reason: 'auto: 6.3% of entries observed' });
  expect(chooseCompute('auto', 'webgpu', filled(0.0026))).toEqual({ compute: 'sparse', reason: 'auto: 0.26% of entries observed' });
  expect(chooseCompute('auto', 'wasm', filled(0.7))).toEqual({ compute: 'dense', reason: 'auto: 70.0% of entries observed, over 50%' });
  expect(chooseCompute('auto', 'webgl', filled(0.01)).reason).toBe('auto: webgl has no sparse kernels');
  expect(chooseCompute('dense', 'wasm', filled(0.01))).toEqual({ compute: 'dense', reason: 'as chosen' });
});
