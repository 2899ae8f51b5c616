import { BACKEND_CHOICES, type TrainConfig } from '../../../src/config/config';
import { D2L_DEFAULTS } from '../../../src/config/settings';
import type { Command } from '../command';
import { SHAPES } from '../shapes';

/**
 * validRatio 0: ours trains on exactly the peer's training file (no validation share carved from it; the last
 * epoch is kept, as the peer reports it).
 */
export const BENCH_PEER_DEFAULTS: TrainConfig = { ...D2L_DEFAULTS, validRatio: 0 };

/** `npm run bench:peer` (scripts/bench-peer.ts). */
export const BENCH_PEER: Command = {
  name: 'bench:peer',
  about:
    'Side by side with the peer (d2l AutoRec in PyTorch, ../shared/reference): our seeded split written to files, then the peer and the app in Chromium trained on those same files with the same settings, each several times, alternating, so that a slow spell of the machine hits both. JSON lines: each repeat, each system, their ratio.',
  usage: ['[--data <ratings file> | --shape NAME] [--peer <script.py>] [--python <python3>] [--peer-threads N] [--repeats N] [--backend auto|webgpu|webgl|wasm|cpu] [--timeout ms] [settings]'],
  flags: [
    { name: 'data', value: '<ratings file>', help: 'the ratings to split and train on (default: the demo data)' },
    { name: 'shape', value: Object.keys(SHAPES).join('|'), help: 'a generated MovieLens-shaped file of that size (made once in the temp dir)' },
    { name: 'peer', value: '<script.py>', help: 'the peer script: ref_autorec.py (dense) or ref_autorec_sparse.py (default ../shared/reference/ref_autorec.py)' },
    { name: 'python', value: '<python3>', help: 'the Python with torch and pandas (default /usr/bin/python3)' },
    { name: 'peer-threads', value: 'N', help: "the peer's --threads, torch.set_num_threads (default: its own, 2)" },
    { name: 'repeats', value: 'N', help: 'runs of each system (default 3)' },
    { name: 'backend', value: BACKEND_CHOICES.join('|'), help: 'our backend (default auto)' },
    { name: 'timeout', value: 'ms', help: 'most time one of our runs may take (default 3600000)' },
  ],
  settings: { defaults: BENCH_PEER_DEFAULTS, about: "settings (ours, and the peer's epochs, hidden, batch, lr, l2 and seed: over the defaults, but no validation share)" },
};
