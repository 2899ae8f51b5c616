// A saved model file (the app's "Save model", or `npm run train -- --save`) as a standard TensorFlow.js LayersModel:
// model.json + weights.bin + autorec.json (src/serve/layers-export.ts), as one .zip or into a folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { useBackend } from '../src/compute/backend';
import type { BackendName } from '../src/config/config';
import { exportServed, layersZipName, zipFiles } from '../src/serve/layers-export';
import { openFile } from '../src/serve/saved-model';
import { fail, parseArgs, refuseUnknown } from './lib/args';
import { knownFlags } from './lib/command';
import { EXPORT } from './lib/commands/export';
import { helpText } from './lib/help';
import { readModel } from './lib/model-io';
import type { AutoRecJson } from '../src/serve/layers-export';

const USAGE = helpText(EXPORT);

const { positional, flags } = parseArgs(process.argv.slice(2));
if (positional.length !== 1 || flags.has('help')) fail(USAGE);
refuseUnknown(flags, knownFlags(EXPORT), USAGE);
const backendName = flags.get('backend') ?? 'wasm';
if (backendName !== 'wasm' && backendName !== 'cpu') fail(`--backend must be wasm or cpu, not ${backendName}`);
const path = positional[0];
const out = flags.get('out') ?? join(dirname(path), layersZipName(basename(path)));
if (out === 'true') fail(`--out needs a folder or a .zip\n${USAGE}`);

const saved = await readModel(path);
const backend = await useBackend(backendName as BackendName);
const m = await openFile(saved, backend.name, basename(path)).catch((e: unknown) => fail(`${path}: ${e instanceof Error ? e.message : String(e)}`));
const exported = await exportServed(m.served.networks, saved.kind === 'blend' ? saved.model.blend : undefined, saved.dataset);
m.dispose();
if (!exported.ok) fail(`${path}: ${exported.error}`);
const files = exported.value;
const info = JSON.parse(new TextDecoder().decode(files['autorec.json'] ?? files['member-1/autorec.json'])) as AutoRecJson;
const members = saved.kind === 'blend' ? saved.model.members.length : 0;

const zip = /\.zip$/i.test(out);
if (zip) await writeFile(out, zipFiles(files));
else {
  await mkdir(out, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(out, name), bytes);
}
const sizes = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, bytes.length]));
if (flags.has('json')) process.stdout.write(`${JSON.stringify({ out, zip, files: sizes, model: info.model, keptEpoch: info.keptEpoch, layers: info.layers, ...(members && { members }) })}\n`);
else {
  const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} kB`;
  const shape = [info.layers[0].inputs, ...info.layers.map((l) => `${l.units} ${l.activation}`)].join(' -> ');
  process.stdout.write(
    [
      `wrote ${out}: ${Object.entries(sizes).map(([name, n]) => `${name} (${kb(n)})`).join(', ')}`,
      `${members ? `a blend of ${members} networks (blend.json: weights and intercept; member-k/ each network), the first: ` : ''}${info.model}, kept epoch ${info.keptEpoch}: ${shape}; one input row per ${info.rows.slice(0, -1)}, its ratings by every ${info.columns.slice(0, -1)} (0 = unrated)`,
      `Load in TensorFlow.js with tf.loadLayersModel; for Keras: tensorflowjs_converter --input_format=tfjs_layers_model --output_format=keras model.json model.h5`,
    ].join('\n') + '\n',
  );
}
