// Assembles src/compute/wasm/kernels.wat (and fused-step.wat, inside its module) into kernels-binary.ts (the bytes, base64), which the app imports.
import { readFileSync, writeFileSync } from 'node:fs';
import { assembleBoth, kernelsModuleSource } from './lib/kernels-asm';
import { joinWat, WAT_FILES } from '../src/compute/wasm/wat-files';

const dir = new URL('../src/compute/wasm/', import.meta.url);
const bytes = await assembleBoth(joinWat(WAT_FILES.map((f) => readFileSync(new URL(f, dir), 'utf8'))));
writeFileSync(new URL('kernels-binary.ts', dir), kernelsModuleSource(bytes));
console.log(`kernels.wasm: ${bytes.own.length} bytes; imported-memory build: ${bytes.imported.length} bytes; shared-memory build: ${bytes.shared.length} bytes`);
