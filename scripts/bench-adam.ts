// Adam's step, compute or memory: the shipped kernel on arrays in L2 and streamed from memory, beside a plain copy
// streamed from memory (scripts/lib/commands/bench-adam.ts). Figures only; nothing here is asserted.
import { KERNELS_WASM_BASE64 } from '../src/compute/wasm/kernels-binary';
import { fail, parseArgs } from './lib/args';
import { BENCH_ADAM } from './lib/commands/bench-adam';
import { helpText } from './lib/help';

const { flags } = parseArgs(process.argv.slice(2));
if (flags.has('help')) fail(helpText(BENCH_ADAM));
const big = Number(flags.get('floats') ?? 30_000_000);
const rounds = Number(flags.get('rounds') ?? 10);
if (!Number.isInteger(big) || big < 8192 || big > 50_000_000) fail('--floats must be a whole number from 8192 to 50000000');
if (!Number.isInteger(rounds) || rounds < 1) fail('--rounds must be a whole number of at least 1');

type Adam = (n: number, w: number, wo: number, g: number, m: number, v: number, ...scalars: number[]) => void;
const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64')), {});
const memory = instance.exports.memory as WebAssembly.Memory;
const adam = instance.exports.adam as Adam;
/** Bytes a weight moves: w, g, m and v read, w, m and v written. */
const BYTES = 28;
const SMALL = 8192;
// four arrays of `big` floats (w, g, m, v) from 64 KB on, the L2 run on their first SMALL floats; then three for the copy
const base = 65536;
memory.grow(Math.ceil((base + 7 * big * 4) / 65536));
const at = (k: number) => base + k * big * 4;
const f = new Float32Array(memory.buffer);
for (let i = 0; i < big; i++) {
  f[at(0) / 4 + i] = Math.sin(i) * 0.1;
  f[at(1) / 4 + i] = Math.cos(i) * 0.01;
}
// lr 0.001 at step 10 (tfjs's AdamOptimizer's scalars: l2, beta1, 1-beta1, beta2, 1-beta2, 1-beta1^t, 1-beta2^t, eps, -lr), not lazy
const scalars = [1e-5, 0.9, 0.1, 0.999, 0.001, 1 - 0.9 ** 10, 1 - 0.999 ** 10, 1e-7, -0.001, 0];
const bytes = new Uint8Array(memory.buffer);
/** The first and last weight of each run, before: a run whose kernel did not step them says so (stepped false). */
const before = (n: number) => [f[at(0) / 4], f[at(0) / 4 + n - 1]];
const moved = (was: number[], n: number) => f[at(0) / 4] !== was[0] && f[at(0) / 4 + n - 1] !== was[1];

const runs: Record<string, { floats: number; pass: () => void; best: number; stepped?: boolean }> = {
  'adam, in L2': { floats: SMALL, pass: () => adam(SMALL, at(0), at(0), at(1), at(2), at(3), ...scalars), best: Infinity },
  'adam, from memory': { floats: big, pass: () => adam(big, at(0), at(0), at(1), at(2), at(3), ...scalars), best: Infinity },
  // memory's own pace: w, g and m copied to three arrays of their own (12 bytes a weight read, 12 written)
  'copy, from memory': { floats: big, pass: () => bytes.copyWithin(at(4), at(0), at(3)), best: Infinity },
};
for (let r = 0; r < rounds; r++) {
  for (const [what, run] of Object.entries(runs)) {
    // the L2 run repeats until it has moved about as much as one streamed pass
    const reps = Math.max(1, Math.round(big / run.floats));
    const was = before(run.floats);
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) run.pass();
    run.best = Math.min(run.best, ((performance.now() - t0) * 1e6) / (reps * run.floats));
    if (what.startsWith('adam')) run.stepped = (run.stepped ?? true) && moved(was, run.floats);
  }
}
for (const [what, run] of Object.entries(runs)) {
  const gbPerSec = (what.startsWith('copy') ? 24 : BYTES) / run.best;
  process.stdout.write(JSON.stringify({ what, floats: run.floats, nsPerWeight: +run.best.toFixed(3), gbPerSec: +gbPerSec.toFixed(1), stepped: run.stepped }) + '\n');
}
