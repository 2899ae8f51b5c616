import { BACKENDS, type TrainConfig } from '../../../src/config/config';
import { D2L_DEFAULTS } from '../../../src/config/settings';
import type { Command } from '../command';
import { SHAPES } from '../shapes';

/**
 * validRatio 0: every backend trains on the whole training side, as the d2l figures and bench:peer's peer do, so
 * ms per epoch compares with theirs (a validation share would shrink training and add an evaluation).
 */
export const BENCH_DEFAULTS: TrainConfig = { ...D2L_DEFAULTS, validRatio: 0, epochs: 3 };

/** `npm run bench` (scripts/bench.ts). */
export const BENCH: Command = {
  name: 'bench',
  about:
    'Speed of the real app: builds it, opens it in headless Chromium, trains through the Worker on each backend and prints one JSON line per backend. Figures only; nothing is asserted.',
  usage: ['[--data <ratings file> | --shape NAME] [--backend all|webgpu,wasm,...] [--timeout ms] [settings]'],
  flags: [
    { name: 'data', value: '<ratings file>', help: 'the ratings to train on (default: the demo data)' },
    { name: 'shape', value: Object.keys(SHAPES).join('|'), help: 'a generated MovieLens-shaped file of that size (made once in the temp dir)' },
    { name: 'backend', value: `all|${BACKENDS.join(',')}`, help: 'the backends, one run each, comma-separated (default all)' },
    { name: 'timeout', value: 'ms', help: 'most time one run may take (default 1800000)' },
  ],
  settings: { defaults: BENCH_DEFAULTS, about: 'settings (over the defaults, but no validation share and 3 epochs)' },
};
