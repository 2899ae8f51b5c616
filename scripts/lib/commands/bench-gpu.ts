import type { TrainConfig } from '../../../src/config/config';
import { D2L_DEFAULTS, noPatienceWithoutValidation } from '../../../src/config/settings';
import type { Command } from '../command';
import { SHAPES } from '../shapes';

/** validRatio 0: every case trains on its whole training side and evaluates test RMSE each epoch, as bench does. */
export const BENCH_GPU_DEFAULTS: TrainConfig = noPatienceWithoutValidation({ ...D2L_DEFAULTS, validRatio: 0 });
/** The settings it takes as flags (its --epochs and --compute are its own). */
export const BENCH_GPU_SETTINGS: readonly (keyof TrainConfig)[] = ['variant', 'hidden', 'batchSize'];

/** `npm run bench:gpu` (scripts/bench-gpu.ts). */
export const BENCH_GPU: Command = {
  name: 'bench:gpu',
  about:
    "GPU speed of the real trainer on tfjs-webgpu in Node over Dawn, on whatever adapter Dawn finds: a real GPU where its Vulkan driver is installed, SwiftShader (software) otherwise. One JSON line per case (data x compute) as each finishes; exits with status 3 where there is no adapter. Figures only; nothing is asserted.",
  usage: [`[--data <ratings file>] [--shapes ${Object.keys(SHAPES).join(',')}|none] [--epochs N] [--compute dense,sparse] [--variant I|U] [--hidden N] [--batch N] [--gpu NAME]`],
  flags: [
    { name: 'data', value: '<ratings file>', help: 'a ratings file, run before the shapes' },
    { name: 'shapes', value: 'NAMES|none', help: `generated MovieLens shapes, comma-separated: ${Object.keys(SHAPES).join(', ')} (default ml-100k: minutes on SwiftShader; a real GPU takes ml-100k,ml-1m,ml-10m in seconds)` },
    { name: 'epochs', value: 'N', help: 'epochs of each case (default 3)' },
    { name: 'compute', value: 'dense,sparse', help: 'the paths, comma-separated (default both)' },
    { name: 'gpu', value: 'h100|h200|a100|rtx4090|m2', help: 'the GPU of the roofline estimate: ms/epoch = bytes bound per epoch / its bandwidth + dispatches × 5 µs (default h100)' },
  ],
  settings: { keys: BENCH_GPU_SETTINGS, defaults: BENCH_GPU_DEFAULTS, about: 'settings (over the defaults)' },
  notes: [
    "The adapter: VK_ICD_FILENAMES (or VK_DRIVER_FILES) names the Vulkan driver(s); unset, the hardware drivers found in the usual icd.d folders and /usr/local/nvidia come first, then chromium's SwiftShader.",
  ],
};
