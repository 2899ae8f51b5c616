import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { assembleBoth, kernelsModuleSource } from './kernels-asm';

it('kernels-wasm.ts is the assembly of kernels.wat as it stands (run npm run build:kernels after editing it)', async () => {
  const dir = new URL('../src/model/kernels/', import.meta.url);
  const bytes = await assembleBoth(readFileSync(new URL('kernels.wat', dir), 'utf8'));
  expect(readFileSync(new URL('kernels-wasm.ts', dir), 'utf8')).toBe(kernelsModuleSource(bytes));
});
