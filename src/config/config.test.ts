import { expect, it } from 'vitest';
import { chooseCompute } from './config';

const resolveCompute = (...a: Parameters<typeof chooseCompute>) => chooseCompute(...a).compute;

it("'auto' computes sparsely wherever sparse kernels run (webgpu, wasm, cpu) and densely on webgl", () => {
  expect((['webgpu', 'wasm', 'cpu', 'webgl'] as const).map((b) => resolveCompute('auto', b))).toEqual(['sparse', 'sparse', 'sparse', 'dense']);
  expect(resolveCompute('sparse', 'webgpu')).toBe('sparse');
  expect(resolveCompute('dense', 'webgpu')).toBe('dense');
  expect(() => resolveCompute('sparse', 'webgl')).toThrow(/webgl has no sparse kernels/);
});

it("'auto' says what it chose and why, and computes densely where most entries are observed", () => {
  expect(chooseCompute('auto', 'wasm', 0.063)).toEqual({ compute: 'sparse', reason: 'auto: 6.3% of entries observed' });
  expect(chooseCompute('auto', 'webgpu', 0.0026)).toEqual({ compute: 'sparse', reason: 'auto: 0.26% of entries observed' });
  expect(chooseCompute('auto', 'wasm', 0.7)).toEqual({ compute: 'dense', reason: 'auto: 70.0% of entries observed, over 50%' });
  expect(chooseCompute('auto', 'webgl', 0.01).reason).toBe('auto: webgl has no sparse kernels');
  expect(chooseCompute('dense', 'wasm', 0.01)).toEqual({ compute: 'dense', reason: 'as chosen' });
});
