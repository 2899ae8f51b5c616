// Speed of the real app: builds it, opens it in headless Chromium, trains through the Worker on each
// backend and prints one JSON line per backend. Figures only; nothing here is asserted.
import { BACKENDS, type BackendName } from '../src/config/config';
import { runInApp } from './lib/app-run';
import { fail, parseArgs, settingsFromFlags } from './lib/args';
import { BENCH, BENCH_DEFAULTS } from './lib/commands/bench';
import { helpText } from './lib/help';
import { launchChromium, serveBuiltApp } from './lib/browser';
import { shapedFile } from './lib/shapes';

const { flags } = parseArgs(process.argv.slice(2));
if (flags.has('help')) fail(helpText(BENCH));
const which = flags.get('backend') ?? 'all';
const backends: BackendName[] = which === 'all' ? [...BACKENDS] : (which.split(',') as BackendName[]);
for (const b of backends) if (!BACKENDS.includes(b)) fail(`--backend must be one of ${BACKENDS.join(', ')} or all`);
// Any training setting can be given as its flag (--hidden, --batch, --variant, --compute, ...), checked by the one validator.
const config = settingsFromFlags(flags, BENCH_DEFAULTS);

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
