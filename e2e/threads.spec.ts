import type { Page } from '@playwright/test';
import { expect, moreSettings, SHOTS, test } from './fixtures';

/** Train loss of every epoch, oldest first, as the epoch table shows it (full precision in data-value). */
async function trainLosses(page: Page): Promise<number[]> {
  const rows = await page.getByTestId('epoch-table').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Number(tr.querySelector('[data-testid="trainLoss"]')?.getAttribute('data-value'))),
  );
  return rows.reverse();
}

/** Demo data, a short run with the given backend and thread count picked in the controls, to the end. */
async function run(page: Page, backend: string, threads: string): Promise<number[]> {
  await moreSettings(page);
  await page.getByLabel('Backend').selectOption(backend);
  await page.getByLabel('CPU threads').selectOption(threads);
  await page.getByLabel('Epochs', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished', { timeout: 120_000 });
  return trainLosses(page);
}

// wasm trains in tfjs's threaded heap, cpu in the kernels' own shared memory: both split the same way, and both take
// the fused step (the same kernels).
// Hidden units: short epochs on 2 cores; a batch's kernel calls still hold many times the work kept on one thread
// (MIN_SPLIT_WORK), so each thread count splits them its own way.
const HIDDEN = 300;
for (const backend of ['wasm', 'cpu'] as const) {
  test(`${backend}: every core trains the very curve one thread trains, and the badge says how many threads ran`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto(`/?hidden=${HIDDEN}`);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    test.skip(cores < 2, `this browser offers ${cores} core: nothing to split`);
    await page.getByRole('button', { name: 'Use demo data' }).click();
    await expect(page.getByTestId('dataset-summary')).toContainText('demo');
    // every core (the default), then one, then two: the same settings otherwise
    await expect(page.getByLabel('CPU threads')).toHaveValue('0');
    const all = await run(page, backend, '0');
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', backend);
    await expect(page.getByTestId('backend-threads')).toHaveAttribute('data-threads', String(cores));
    await expect(page.getByTestId('backend-threads')).toHaveText(` · ${cores} threads`);
    // the default model trains in one fused step a batch on both (on cpu in the kernels' own memory)
    await expect(page.getByTestId('compute')).toHaveAttribute('data-step', 'fused');
    const one = await run(page, backend, '1');
    await expect(page.getByTestId('backend-threads')).toHaveText(' · 1 thread');
    const two = await run(page, backend, '2');
    await expect(page.getByTestId('backend-threads')).toHaveAttribute('data-threads', '2');
    expect(one).toHaveLength(3);
    expect(one.every(Number.isFinite)).toBe(true);
    expect(two, 'two threads: bit for bit the losses of one').toEqual(one);
    expect(all, `${cores} threads: bit for bit the losses of one`).toEqual(one);
    if (backend === 'wasm') await page.getByTestId('backend').screenshot({ path: `${SHOTS}/14-threads-badge.png` });
  });
}

test.describe(() => {
  // The app's service worker would add the headers back (one reload later): kept out, as a browser that refuses it does.
  test.use({ serviceWorkers: 'block' });
  test('without cross-origin isolation (no SharedArrayBuffer) training runs on one thread and the badge says why', async ({ page }) => {
    test.setTimeout(120_000);
    // Serve the app as a host that drops the isolation headers would.
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
    await page.goto('/');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await page.getByRole('button', { name: 'Use demo data' }).click();
    await expect(page.getByTestId('dataset-summary')).toContainText('demo');
    const losses = await run(page, 'wasm', '2');
    expect(losses.every(Number.isFinite)).toBe(true);
    await expect(page.getByTestId('backend-threads')).toHaveAttribute('data-threads', '1');
    await expect(page.getByTestId('backend-threads')).toHaveText(' · 1 thread (no SharedArrayBuffer here: the page is not cross-origin isolated)');
  });
});
