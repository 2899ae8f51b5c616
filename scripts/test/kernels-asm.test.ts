import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { assembleBoth, kernelsModuleSource } from '../lib/kernels-asm';
import { joinWat, WAT_FILES } from '../../src/compute/wasm/wat-files';

it('kernels-binary.ts is the assembly of kernels.wat as it stands (run npm run build:kernels after editing it)', async () => {
  const dir = new URL('../../src/compute/wasm/', import.meta.url);
  const bytes = await assembleBoth(joinWat(WAT_FILES.map((f) => readFileSync(new URL(f, dir), 'utf8'))));
  expect(readFileSync(new URL('kernels-binary.ts', dir), 'utf8')).toBe(kernelsModuleSource(bytes));
});
