// GPU speed of the real trainer: the same src/train code as the app (setupRun, Trainer.trainEpoch) on
// tfjs-webgpu in Node over Dawn (the `webgpu` package), on whatever adapter Dawn finds: a real GPU where its
// Vulkan driver is installed, SwiftShader (software, from Debian's chromium) otherwise. One JSON line per case
// (data x compute), printed as each finishes. Figures only; nothing here is asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../src/data/types';
import { useBackend } from '../src/compute/backend';
import type { TrainConfig } from '../src/config/config';
import { setupRun } from '../src/train/setup-run';
import type { EpochStats } from '../src/train/metrics';
import { startWebGpuInNode, SWIFTSHADER_ICD } from '../src/compute/webgpu-node';
import { fail, parseArgs, refuseUnknown, settingsFromFlags } from './lib/args';
import { knownFlags } from './lib/command';
import { BENCH_GPU, BENCH_GPU_DEFAULTS, BENCH_GPU_SETTINGS } from './lib/commands/bench-gpu';
import { helpText } from './lib/help';
import { loadDataset } from './lib/load';
import { SHAPES, shapedFile } from './lib/shapes';
import { countGpuWork, GPUS, LAUNCH_US, rooflineMs, type GpuCounter } from './lib/gpu-counter';

const USAGE = helpText(BENCH_GPU);

const { flags } = parseArgs(process.argv.slice(2));
refuseUnknown(flags, knownFlags(BENCH_GPU), USAGE);
if (flags.has('help')) fail(USAGE);

// Dawn loads libvulkan.so.1 by name when the process starts: where the system has none, use chromium's, which
// means starting again with LD_LIBRARY_PATH naming it (the loader reads that variable only at start-up).
const CHROMIUM_LIBS = '/usr/lib/chromium';
function systemHasVulkan(): boolean {
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean), '/usr/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu', '/usr/lib64', '/lib64', '/usr/lib', '/usr/local/lib'];
  if (dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')))) return true;
  for (const ldconfig of ['/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    if (existsSync(ldconfig)) return /libvulkan\.so\.1\b/.test(spawnSync(ldconfig, ['-p'], { encoding: 'utf8' }).stdout ?? '');
  }
  return false;
}
if (!process.env.AUTOREC_BENCH_GPU_RESTARTED && !systemHasVulkan() && existsSync(join(CHROMIUM_LIBS, 'libvulkan.so.1'))) {
  const env = { ...process.env, AUTOREC_BENCH_GPU_RESTARTED: '1', LD_LIBRARY_PATH: [process.env.LD_LIBRARY_PATH, CHROMIUM_LIBS].filter(Boolean).join(delimiter) };
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  process.exit(child.status ?? 1);
}

// Which Vulkan drivers Dawn sees. startWebGpuInNode (src/compute/webgpu-node.ts) points VK_ICD_FILENAMES at
// SwiftShader when it is unset, which would hide a real GPU on a machine that has both: name the hardware
// drivers first (Dawn ranks a discrete GPU above a CPU adapter, and the backend asks for 'high-performance').
const ICD_DIRS = ['/usr/local/nvidia/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];
if (!process.env.VK_ICD_FILENAMES && process.env.VK_DRIVER_FILES) process.env.VK_ICD_FILENAMES = process.env.VK_DRIVER_FILES;
if (!process.env.VK_ICD_FILENAMES) {
  const hardware = ICD_DIRS.filter(existsSync).flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.json') && !/swiftshader|lvp|lavapipe|mock/i.test(f))
      .map((f) => join(d, f)),
  );
  if (hardware.length > 0) process.env.VK_ICD_FILENAMES = [...hardware, ...(existsSync(SWIFTSHADER_ICD) ? [SWIFTSHADER_ICD] : [])].join(delimiter);
}

const epochs = Number(flags.get('epochs') ?? 3);
if (!Number.isInteger(epochs) || epochs < 1) fail(`--epochs must be a whole number of at least 1, not ${flags.get('epochs')}`);
const computes = (flags.get('compute') ?? 'dense,sparse').split(',');
for (const c of computes) if (c !== 'dense' && c !== 'sparse') fail(`--compute takes dense, sparse or both (dense,sparse), not ${c}`);
const shapeList = flags.get('shapes') ?? 'ml-100k';
const shapes = shapeList === 'none' || shapeList === '' ? [] : shapeList.split(',');
for (const s of shapes) if (!SHAPES[s]) fail(`--shapes takes ${Object.keys(SHAPES).join(', ')} (comma-separated) or none, not ${s}`);
const data = flags.get('data');
if (!data && shapes.length === 0) fail(`nothing to run: give --data or --shapes\n${USAGE}`);
// Settings other than compute (--variant, --hidden, --batch) go through the one validator.
const base: TrainConfig = settingsFromFlags(flags, { ...BENCH_GPU_DEFAULTS, epochs }, BENCH_GPU_SETTINGS);
const out = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const gpuName = flags.get('gpu') ?? 'h100';
const gpu = GPUS[gpuName] ?? fail(`--gpu takes ${Object.keys(GPUS).join(', ')}, not ${gpuName}`);

const unavailable = await startWebGpuInNode();
if (unavailable) {
  out({ adapter: null, skipped: unavailable });
  process.exit(3);
}
const backend = await useBackend('webgpu');
if (backend.name !== 'webgpu') {
  out({ adapter: null, skipped: `tfjs did not stay on webgpu: ${backend.name}` });
  process.exit(3);
}
const adapter = backend.adapter ?? 'unknown adapter';
const counter = countGpuWork();
out({ setup: true, adapter, software: backend.software ?? null, maxBufferBytes: backend.maxBufferBytes ?? null, cases: [...(data ? [basename(data)] : []), ...shapes], computes, variant: base.variant, hidden: base.hidden, batch: base.batchSize, epochs });

/**
 * Floating-point work of one training epoch, counted as multiply-adds x 2 (biases, activations, the loss and
 * the optimizer are left out: they are O(rows x H) or O(weights), small beside these):
 *   sparse: 2·nnz·H · (encoder fwd 1 + encoder bwd 1 + decoder fwd 1 + decoder bwd 2) = 10·nnz·H, nnz the
 *           training ratings: encoder fwd X·W1 (SpMM over the batch's entries), encoder bwd dW1 = Xᵀ·dZ (no
 *           gradient for the input), decoder fwd only at the observed pairs (SDDMM), decoder bwd dH and dW2;
 *   dense:  the same five products over every entry of every batch, observed or not:
 *           2·B·inputs·H · 5 per batch, batches = ceil(rows / B) (the last one padded), B the batch size;
 *   both:   + 3 · 2·B·H·H per batch for each extra hidden layer (fwd, dInput, dW).
 * The epoch's time also holds the evaluation (train and test RMSE), not counted here: the figure is a lower bound.
 */
function trainingFlops(c: TrainConfig, compute: 'dense' | 'sparse', nnz: number, inputs: number, batches: number): number {
  const B = c.batchSize;
  const H = c.hidden;
  const entries = compute === 'sparse' ? nnz : batches * B * inputs;
  return 2 * entries * H * 5 + c.extraLayers * 3 * 2 * batches * B * H * H;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Per-batch work from the counter's marks at each batch's start (Trainer.trainEpoch's `between`: the training
 * batches, then as many evaluation batches) and at the epoch's end (its readback included): the median training
 * and evaluation batch, and the whole epoch.
 */
function perBatch(marks: { dispatches: number; bytes: number }[], end: GpuCounter, trainBatches: number) {
  const all = [...marks, { dispatches: end.dispatches, bytes: end.bytes }];
  const deltas = all.slice(1).map((m, k) => ({ dispatches: m.dispatches - all[k].dispatches, bytes: m.bytes - all[k].bytes }));
  const mid = (xs: { dispatches: number; bytes: number }[]) => ({ dispatches: median(xs.map((x) => x.dispatches)), bytes: median(xs.map((x) => x.bytes)) });
  return { train: mid(deltas.slice(0, trainBatches)), eval: mid(deltas.slice(trainBatches)), epoch: { dispatches: all.at(-1)!.dispatches - all[0].dispatches, bytes: all.at(-1)!.bytes - all[0].bytes } };
}

async function runCase(name: string, d: Dataset): Promise<void> {
  for (const compute of computes as ('dense' | 'sparse')[]) {
    const config: TrainConfig = { ...base, compute };
    const head = { adapter, shape: name, compute, variant: config.variant, users: d.numUsers, items: d.numItems, ratings: d.ratings.ratings.length, hidden: config.hidden };
    let setup;
    try {
      setup = setupRun(d, config, { backend: 'webgpu', maxBufferBytes: backend.maxBufferBytes });
    } catch (err) {
      // The memory plan refuses what does not fit this adapter (its per-buffer limit): say why, go on.
      out({ ...head, skipped: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const { trainer } = setup;
    const stats: EpochStats[] = [];
    let work: ReturnType<typeof perBatch> | undefined;
    try {
      for (let e = 0; e < epochs; e++) {
        // the second epoch (the first compiles the shaders) is counted batch by batch
        if (e === 1 && counter) {
          const marks: { dispatches: number; bytes: number }[] = [];
          const s = await trainer.trainEpoch(() => (marks.push({ dispatches: counter.dispatches, bytes: counter.bytes }), true));
          if (s) stats.push(s);
          work = perBatch(marks, counter, trainer.batchesPerEpoch / 2);
        } else stats.push(await trainer.trainEpoch());
      }
    } catch (err) {
      out({ ...head, epochs: stats.length, error: err instanceof Error ? err.message : String(err) });
      trainer.dispose();
      continue;
    }
    const ms = stats.map((s) => s.ms);
    const msMedian = median(ms);
    const inputs = config.variant === 'I' ? d.numUsers : d.numItems;
    const flops = trainingFlops(config, compute, setup.trainRatings, inputs, trainer.batchesPerEpoch);
    const last = stats[stats.length - 1];
    out({
      ...head,
      epochs: stats.length,
      msPerEpochMedian: Math.round(msMedian),
      msPerEpoch: ms.map((x) => Math.round(x)),
      gflops: Number((flops / (msMedian / 1000) / 1e9).toPrecision(4)),
      gpuBytes: last.gpuBytes ?? null,
      plannedBytes: setup.memory.total,
      trainRatings: setup.trainRatings,
      testRmse: last.testRmse,
      trainLoss: last.trainLoss,
      ...(work && {
        dispatchesPerBatch: work.train.dispatches,
        bytesPerBatch: work.train.bytes,
        dispatchesPerEvalBatch: work.eval.dispatches,
        bytesPerEvalBatch: work.eval.bytes,
        dispatchesPerEpoch: work.epoch.dispatches,
        bytesPerEpoch: work.epoch.bytes,
        roofline: { gpu: gpu.name, bandwidthGBs: gpu.bandwidthGBs, launchUs: LAUNCH_US, msPerEpoch: Number(rooflineMs(work.epoch.bytes, work.epoch.dispatches, gpu).toPrecision(3)) },
      }),
    });
    trainer.dispose();
  }
}

if (data) await runCase(basename(data), await loadDataset(data));
for (const s of shapes) await runCase(s, await loadDataset(await shapedFile(s)));
tf.engine().reset();
process.exit(0);
