import type { Command } from '../command';

/** `npm run profile` (scripts/profile.ts). */
export const PROFILE: Command = {
  name: 'profile',
  about:
    "Where a training epoch's time goes: trains a ratings file with the default settings (the d2l preset on the sparse path, train RMSE not measured, as the app does) under V8's CPU profiler in Node (tfjs wasm, one thread), and sums the samples inside Trainer.trainEpoch by where they ran: the WebAssembly kernels (src/compute/wasm/kernels.wat, each by name), tfjs's engine and backend (JavaScript and its own wasm), and the app's JavaScript. One JSON line (or a table). Figures only.",
  usage: ['<ratings file> [--epochs N] [--variant I|U] [--lazy] [--ops] [--json]'],
  flags: [
    { name: 'variant', value: 'I|U', help: 'item-based (default) or user-based AutoRec' },
    { name: 'lazy', help: 'lazy Adam (the optimizer lazyadam) instead of Adam' },
    { name: 'ops', help: "train through tfjs's ops, not the fused step (the reference: the same numbers, for a before and after)" },
    { name: 'epochs', value: 'N', help: 'epochs profiled after one warm-up epoch (default 20)' },
    { name: 'json', help: 'one JSON line instead of a table' },
  ],
};
