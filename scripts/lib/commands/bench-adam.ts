import type { Command } from '../command';

/** `npm run bench:adam` (scripts/bench-adam.ts). */
export const BENCH_ADAM: Command = {
  name: 'bench:adam',
  about:
    "Whether Adam's step is bound by compute or by memory: times the shipped kernels' `adam` (src/compute/wasm/elementwise.wat, one thread, in Node) on arrays that stay in L2 and on arrays streamed from memory, beside a plain copy streamed from memory, alternating, the best of each. One JSON line each: ns a weight and GB/s (Adam moves 28 bytes a weight: weight, gradient and both moments read, three written; the copy 24: three arrays). Figures only.",
  usage: ['[--floats N] [--rounds N]'],
  flags: [
    { name: 'floats', value: 'N', help: 'weights in the streamed run (default 30000000: 840 MB moved a pass; the L2 run takes 8192)' },
    { name: 'rounds', value: 'N', help: 'alternating rounds; each figure is the best round (default 10)' },
  ],
};
