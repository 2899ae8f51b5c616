// Speed of the real app: builds it, opens it in headless Chromium, trains through the Worker on each
// backend and prints one JSON line per backend. Figures only; nothing here is asserted.
import { resolve } from 'node:path';
import { BACKENDS, COMPUTES, D2L_DEFAULTS, type BackendName, type Compute } from '../src/model/config';
import { configToQuery } from '../src/ui/urlState';
import { fail, parseArgs } from './args';
import { launchChromium, serveBuiltApp } from './browser';

const { flags } = parseArgs(process.argv.slice(2));
const which = flags.get('backend') ?? 'all';
const backends: BackendName[] = which === 'all' ? [...BACKENDS] : (which.split(',') as BackendName[]);
for (const b of backends) if (!BACKENDS.includes(b)) fail(`--backend must be one of ${BACKENDS.join(', ')} or all`);
const epochs = Number(flags.get('epochs') ?? 3);
const hidden = Number(flags.get('hidden') ?? D2L_DEFAULTS.hidden);
const variant = flags.get('variant') === 'U' ? 'U' : 'I';
const data = flags.get('data');
const compute = (flags.get('compute') ?? 'auto') as Compute;
if (!COMPUTES.includes(compute)) fail(`--compute must be one of ${COMPUTES.join(', ')}`);
const timeoutMs = Number(flags.get('timeout') ?? 30 * 60_000);

const app = await serveBuiltApp();
const browser = await launchChromium();
try {
  for (const backend of backends) {
    const page = await browser.newPage();
    const config = { ...D2L_DEFAULTS, variant, hidden, epochs, compute } as const;
    await page.goto(`${app.url}?${configToQuery(config, backend)}`);
    if (data) await page.getByLabel('Choose a ratings file').setInputFiles(resolve(data));
    else await page.getByRole('button', { name: 'Use demo data' }).click();
    await page.getByTestId('dataset-summary').waitFor({ timeout: 10 * 60_000 });
    const dataset = (await page.getByTestId('dataset-summary').locator('dd').first().textContent()) ?? '';
    await page.getByRole('button', { name: 'Start' }).click();
    const done = page.getByTestId('status').filter({ hasText: /finished|stopped/ });
    const failed = page.getByRole('alert');
    await Promise.race([done.waitFor({ timeout: timeoutMs }), failed.waitFor({ timeout: timeoutMs })]);
    if (await failed.isVisible()) {
      process.stdout.write(JSON.stringify({ backend, error: await failed.textContent() }) + '\n');
      await page.close();
      continue;
    }
    const rows = await page.getByTestId('epoch-table').locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        ms: Number(tr.querySelector('[data-testid="ms"]')?.getAttribute('data-value')),
        testRmse: Number(tr.querySelector('[data-testid="testRmse"]')?.getAttribute('data-value')),
        tensors: Number(tr.getAttribute('data-tensors')),
        gpuBytes: Number(tr.getAttribute('data-gpu-bytes') ?? NaN),
      })),
    );
    const badge = page.getByTestId('backend');
    const ran = (await badge.getAttribute('data-backend')) ?? backend;
    const adapter = ((await badge.textContent()) ?? '').replace(/^Backend:\s*\S+\s*·\s*/, '');
    const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
    const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null);
    process.stdout.write(
      JSON.stringify({
        backend: ran,
        adapter,
        compute: (await page.getByTestId('compute').getAttribute('data-value')) ?? compute,
        dataset,
        epochs: rows.length,
        msPerEpochMedian: Math.round(ms[Math.floor(ms.length / 2)]),
        msPerEpochMin: Math.round(ms[0]),
        msPerEpoch: rows.map((r) => Math.round(r.ms)),
        finalTestRmse: rows[0]?.testRmse,
        peakTensors: Math.max(...rows.map((r) => r.tensors)),
        gpuBytes: Number.isFinite(rows[0]?.gpuBytes) ? rows[0].gpuBytes : null,
        pageHeapBytes: heap,
      }) + '\n',
    );
    await page.close();
  }
} finally {
  await browser.close();
  await app.close();
}
