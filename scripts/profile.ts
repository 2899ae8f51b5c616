// Where a training epoch's time goes (issue 28's "share of an epoch inside the kernels"): the default run's
// epochs under V8's CPU profiler (node:inspector), the samples inside Trainer.trainEpoch summed by where they ran.
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { PRESETS } from '../src/config/presets';
import { setupRun } from '../src/train/setup-run';
import { WAT_FILES } from '../src/compute/wasm/wat-files';
import { fail, parseArgs, refuseUnknown } from './lib/args';
import { knownFlags } from './lib/command';
import { PROFILE } from './lib/commands/profile';
import { helpText } from './lib/help';
import { loadDataset } from './lib/load';

const USAGE = helpText(PROFILE);
const { positional, flags } = parseArgs(process.argv.slice(2));
if (positional.length !== 1 || flags.has('help')) fail(USAGE);
refuseUnknown(flags, knownFlags(PROFILE), USAGE);
const epochs = Number(flags.get('epochs') ?? 20);
if (!Number.isInteger(epochs) || epochs < 1) fail(`--epochs must be a whole number of at least 1, not ${flags.get('epochs')}`);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

await tf.setBackend('wasm');
const dataset = await loadDataset(positional[0]);
// the sparse path, as 'auto' picks it on MovieLens-sized data (tiny data would go dense, into tfjs's matMul)
const variant = flags.get('variant') ?? 'I';
if (variant !== 'I' && variant !== 'U') fail(`--variant is I or U, not ${variant}`);
const optimizer = flags.has('lazy') ? 'lazyadam' : PRESETS.d2l.config.optimizer;
const setup = setupRun(dataset, { ...PRESETS.d2l.config, compute: 'sparse', variant, optimizer }, { backend: 'wasm', fusedStep: !flags.has('ops') });
setup.trainer.setTrainRmse(false);
await setup.trainer.trainEpoch(); // warm-up: the kernels compiled, the pools made
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const ms: number[] = [];
for (let e = 0; e < epochs; e++) ms.push((await setup.trainer.trainEpoch()).ms);
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
session.disconnect();
setup.trainer.dispose();

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inEpoch = new Map<number, boolean>();
const underEpoch = (id: number): boolean => {
  let v = inEpoch.get(id);
  if (v === undefined) {
    const n = byId.get(id)!;
    const p = parent.get(id);
    v = n.callFrame.functionName === 'trainEpoch' || (p !== undefined && underEpoch(p));
    inEpoch.set(id, v);
  }
  return v;
};
/** Every function of the kernels module (kernels.wat and the files joined into it): its name section names V8's frames so. */
const KERNEL_FUNCTIONS = new Set(
  WAT_FILES.flatMap((f) => [...readFileSync(new URL(`../src/compute/wasm/${f}`, import.meta.url), 'utf8').matchAll(/\(func \$(\w+)/g)].map((m) => m[1])),
);
/** A kernel's name where the frame is one. */
const kernelOf = (n: ProfileNode) => {
  const name = n.callFrame.functionName.replace(/^\$/, '');
  return KERNEL_FUNCTIONS.has(name) ? name : undefined;
};

/** Where a sample's innermost frame ran. */
const where = (n: ProfileNode): string => {
  const { functionName: name, url } = n.callFrame;
  const kernel = url.startsWith('wasm://') ? kernelOf(n) : undefined;
  if (kernel) return `kernel ${kernel}`;
  const wasm = /^wasm-function\[\d+\]$/.test(name);
  if (url.startsWith('wasm://') || wasm) return 'tfjs wasm';
  if (name === '(garbage collector)') return 'garbage collection';
  if (/tfjs/.test(url)) return 'tfjs engine and backend (JavaScript)';
  if (/\/src\//.test(url)) return 'app JavaScript';
  return 'other';
};
const sums = new Map<string, number>();
/** The app's JavaScript by function (where its share goes). */
const app = new Map<string, number>();
/** The fused step's time by its call (kernels.wat encode, decode, update, biasupdate, evaluate), whatever kernel ran inside. */
const STEP_CALLS = new Set(['encode', 'decode', 'update', 'biasupdate', 'evaluate']);
const stepCall = (id: number): string | undefined => {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const k = kernelOf(byId.get(at)!);
    if (k && STEP_CALLS.has(k)) return k;
  }
  return undefined;
};
const calls = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, k) => {
  if (!underEpoch(id)) return;
  const node = byId.get(id)!;
  const key = where(node);
  const us = profile.timeDeltas[k] ?? 0;
  sums.set(key, (sums.get(key) ?? 0) + us);
  const call = stepCall(id);
  if (call) calls.set(call, (calls.get(call) ?? 0) + us);
  if (key === 'app JavaScript') {
    const f = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/src\//, 'src/')}:${node.callFrame.lineNumber + 1}`;
    app.set(f, (app.get(f) ?? 0) + us);
  }
  total += us;
});
const share = Object.fromEntries([...sums].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, Number((us / total).toFixed(3))]));
const kernels = [...sums].filter(([k]) => k.startsWith('kernel ')).reduce((s, [, us]) => s + us, 0) / total;
const median = [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)];
const appTop = Object.fromEntries([...app].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, us]) => [k, Number((us / total).toFixed(3))]));
const byCall = Object.fromEntries([...calls].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, Number((us / total).toFixed(3))]));
const summary = { data: dataset.source, variant, step: setup.step, epochs, msPerEpochMedian: Math.round(median), sampledMsPerEpoch: Math.round(total / 1000 / epochs), kernelShare: Number(kernels.toFixed(3)), share, byCall, appTop };
if (flags.has('json')) process.stdout.write(`${JSON.stringify(summary)}\n`);
else {
  process.stdout.write(`${epochs} epochs of ${dataset.source}, ${variant}-AutoRec, ${setup.step === "fused" ? "the fused step" : "tfjs ops"} (median ${summary.msPerEpochMedian} ms, one thread): ${(kernels * 100).toFixed(1)}% in the kernels\n`);
  for (const [k, v] of Object.entries(share)) process.stdout.write(`  ${(v * 100).toFixed(1).padStart(5)}%  ${k}\n`);
  if (calls.size) process.stdout.write('the fused step by call:\n');
  for (const [k, v] of Object.entries(byCall)) process.stdout.write(`  ${(v * 100).toFixed(1).padStart(5)}%  ${k}\n`);
  process.stdout.write('the app\'s JavaScript, most first:\n');
  for (const [k, v] of Object.entries(appTop)) process.stdout.write(`  ${(v * 100).toFixed(1).padStart(5)}%  ${k}\n`);
}
process.exit(0);
