// Speed of the real app: builds it, opens it in headless Chromium, trains through the Worker on each
// backend and prints one JSON line per backend. Figures only; nothing here is asserted.
import { BACKENDS, COMPUTES, D2L_DEFAULTS, type BackendName, type Compute } from '../src/model/config';
import { runInApp } from './app-run';
import { fail, parseArgs } from './args';
import { launchChromium, serveBuiltApp } from './browser';
import { shapedFile } from './shapes';

const { flags } = parseArgs(process.argv.slice(2));
const which = flags.get('backend') ?? 'all';
const backends: BackendName[] = which === 'all' ? [...BACKENDS] : (which.split(',') as BackendName[]);
for (const b of backends) if (!BACKENDS.includes(b)) fail(`--backend must be one of ${BACKENDS.join(', ')} or all`);
const compute = (flags.get('compute') ?? 'auto') as Compute;
if (!COMPUTES.includes(compute)) fail(`--compute must be one of ${COMPUTES.join(', ')}`);
// validRatio 0: every backend trains on the whole training side, as the d2l figures and bench:peer's peer do,
// so ms per epoch compares with theirs (a validation share would shrink training and add an evaluation).
const config = {
  ...D2L_DEFAULTS,
  validRatio: 0,
  variant: flags.get('variant') === 'U' ? 'U' : 'I',
  hidden: Number(flags.get('hidden') ?? D2L_DEFAULTS.hidden),
  batchSize: Number(flags.get('batch') ?? D2L_DEFAULTS.batchSize),
  epochs: Number(flags.get('epochs') ?? 3),
  compute,
} as const;

const shape = flags.get('shape');
if (shape && flags.has('data')) fail('--data and --shape exclude each other');
const data = shape ? await shapedFile(shape).catch((e: Error) => fail(e.message)) : flags.get('data');

const app = await serveBuiltApp();
const browser = await launchChromium();
try {
  for (const backend of backends) {
    const result = await runInApp(browser, { url: app.url, config, backend, data, timeoutMs: Number(flags.get('timeout') ?? 30 * 60_000) });
    process.stdout.write(JSON.stringify(result) + '\n');
  }
} finally {
  await browser.close();
  await app.close();
}
