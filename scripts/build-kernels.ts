// Assembles src/model/kernels/kernels.wat into kernels-wasm.ts (the bytes, base64), which the app imports.
import { readFileSync, writeFileSync } from 'node:fs';
import { assembleBoth, kernelsModuleSource } from './kernels-asm';

const dir = new URL('../src/model/kernels/', import.meta.url);
const bytes = await assembleBoth(readFileSync(new URL('kernels.wat', dir), 'utf8'));
writeFileSync(new URL('kernels-wasm.ts', dir), kernelsModuleSource(bytes));
console.log(`kernels.wasm: ${bytes.own.length} bytes; imported-memory build: ${bytes.imported.length} bytes; shared-memory build: ${bytes.shared.length} bytes`);
