import { expect, it } from 'vitest';
import { resolveCompute } from './config';

it("'auto' computes sparsely wherever sparse kernels run (webgpu, wasm, cpu) and densely on webgl", () => {
  expect((['webgpu', 'wasm', 'cpu', 'webgl'] as const).map((b) => resolveCompute('auto', b))).toEqual(['sparse', 'sparse', 'sparse', 'dense']);
  expect(resolveCompute('sparse', 'webgpu')).toBe('sparse');
  expect(resolveCompute('dense', 'webgpu')).toBe('dense');
  expect(() => resolveCompute('sparse', 'webgl')).toThrow(/webgl has no sparse kernels/);
});
