import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { BUILD_DIR } from './build-dir';
import { expect, moreSettings, SHOTS, test as guarded } from './fixtures';
import { serveStatic, type StaticHost } from './static-host';
import { ISOLATION_RELOAD_KEY } from '../src/ui/state/isolation-reload';

/**
 * The built app (the build playwright.config.ts makes and serves) served as GitHub Pages serves it: a plain static
 * server, no COOP, COEP or CSP header, under a sub-path. Each test has a server of its own; baseURL (and with it the
 * request guard of fixtures.ts) is its address.
 */
const test = guarded.extend<{ host: StaticHost }>({
  host: async ({}, use) => {
    if (!existsSync(`${BUILD_DIR}/sw.js`)) throw new Error(`no built app with a service worker in ${BUILD_DIR}: run the browser tests with their own server (E2E_PORT) or npm run build`);
    const host = await serveStatic(BUILD_DIR, '/autorec/');
    await use(host);
    await host.close();
  },
  baseURL: async ({ host }, use) => use(host.url),
});

/** Every load of the page (not the URL updates the settings make): the first, and each reload. */
function countLoads(page: Page): string[] {
  const loads: string[] = [];
  page.on('load', () => loads.push(page.url()));
  return loads;
}

/** Opens the app as a first visit does, and waits for the service worker's one reload to make the page isolated. */
async function openIsolated(page: Page) {
  const response = await page.goto('./');
  expect(response?.headers()['cross-origin-embedder-policy'], 'the host sends no isolation header').toBeUndefined();
  expect(response?.headers()['content-security-policy'], 'the host sends no policy header').toBeUndefined();
  // the evaluation may meet the reload half way: a destroyed page counts as not yet
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 60_000 }).toBe(true);
  await expect(page.getByRole('button', { name: 'Use demo data' })).toBeVisible();
}

/** Demo data, `epochs` epochs (0: until stopped) on `backend`, started. */
async function startDemo(page: Page, backend: string, epochs: number) {
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await moreSettings(page);
  await page.getByLabel('Backend').selectOption(backend);
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByRole('button', { name: 'Start' }).click();
}

test('from a static host under a sub-path, one reload makes the page cross-origin isolated and wasm trains on every core', async ({ page }) => {
  const loads = countLoads(page);
  await openIsolated(page);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, `this browser offers ${cores} core: nothing to split`);
  await startDemo(page, 'wasm', 3);
  await expect(page.getByTestId('status')).toContainText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('backend-threads')).toHaveAttribute('data-threads', String(cores));
  await expect(page.getByTestId('backend-threads')).toHaveText(` · ${cores} threads`);
  expect(loads, 'the first load and the one reload, no more').toHaveLength(2);
  expect(new URL(loads[1]).pathname).toBe('/autorec/');
  await page.screenshot({ path: `${SHOTS}/29-static-host-threads.png` });
});

test('after the first visit the page reloaded with the network off loads and trains on the demo data', async ({ page, context, host }) => {
  await openIsolated(page);
  await context.setOffline(true);
  await host.close(); // and the host gone for good: what loads now comes from the service worker's cache
  await page.reload();
  await expect(page.getByRole('heading', { name: 'AutoRec Studio' })).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await startDemo(page, 'wasm', 3); // the wasm binaries too come from the cache
  await expect(page.getByTestId('status')).toContainText('Run finished after 3 epochs', { timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('epoch-table').locator('tbody tr')).toHaveCount(3);
  await page.screenshot({ path: `${SHOTS}/29-offline-trained.png` });
});

test('a fetch to another origin, from the page or from its training worker, is refused by the Content-Security-Policy', async ({ page, cspRefused }) => {
  await openIsolated(page);
  const tryFetch = async () => {
    const seen = new Promise<string>((resolve) =>
      (globalThis as unknown as EventTarget).addEventListener('securitypolicyviolation', (e) => {
        const v = e as SecurityPolicyViolationEvent;
        resolve(`${v.effectiveDirective} ${v.blockedURI}`);
      }),
    );
    // refused at once; a request let out would wait on the network, or fail there without a violation
    const later = (ms: number, what: string) => new Promise<string>((resolve) => setTimeout(() => resolve(what), ms));
    const fetched = await Promise.race([
      fetch('https://example.com/your-ratings', { method: 'POST', body: 'u i r' }).then(
        () => 'sent',
        () => 'refused',
      ),
      later(5000, 'no answer'),
    ]);
    return { fetched, violation: await Promise.race([seen, later(1000, 'no violation')]) };
  };
  const refused = { fetched: 'refused', violation: 'connect-src https://example.com/your-ratings' };
  expect(await page.evaluate(tryFetch), 'from the page').toEqual(refused);
  const worker = page.workers().find((w) => w.url().includes('train.worker'));
  expect(worker, 'the training worker runs').toBeDefined();
  expect(await worker!.evaluate(tryFetch), 'from the training worker').toEqual(refused);
  // the page's console says so too (the fixture's check of the policy expects these two lines only)
  expect(cspRefused.length).toBeGreaterThan(0);
  expect(cspRefused.filter((line) => !line.includes('https://example.com/your-ratings'))).toEqual([]);
  cspRefused.length = 0;
});

test('a new deployed version is offered as "Reload to update", never while a run is live', async ({ page, host }) => {
  await openIsolated(page);
  await startDemo(page, 'auto', 0); // until stopped
  await expect(page.getByTestId('status')).toContainText('Training…');
  host.append('sw.js', '\n// the next version\n');
  // the browser asks at each load and the page every hour; here the test asks now
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const line = page.getByTestId('update-line');
  await expect(line).toContainText('A new version of AutoRec Studio is ready.');
  await expect(line.getByRole('button', { name: 'Reload to update' })).toBeDisabled();
  await expect(line).toContainText('after this run');
  await line.screenshot({ path: `${SHOTS}/29-update-line-live.png` });
  await expect(page.getByTestId('status'), 'the run goes on').toContainText(/Training… [1-9]\d* epochs? done/);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('status')).toContainText('Run stopped');
  const loads = countLoads(page);
  await line.getByRole('button', { name: 'Reload to update' }).click();
  await expect.poll(() => loads.length).toBe(1);
  await expect(page.getByRole('button', { name: 'Use demo data' })).toBeVisible();
  await expect(page.getByTestId('update-line')).toHaveCount(0);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null), 'nothing waits').toBeNull();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('a tab that reloaded once for isolation is not reloaded again: it trains on one thread and says why', async ({ page }) => {
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, `this browser offers ${cores} core: one thread is all it asks for`);
  // as if this tab had reloaded already and the service worker could not isolate it
  await page.addInitScript((key) => sessionStorage.setItem(key, 'earlier'), ISOLATION_RELOAD_KEY);
  const loads = countLoads(page);
  await page.goto('./');
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 60_000 }).toBe(true);
  await startDemo(page, 'wasm', 2);
  await expect(page.getByTestId('status')).toContainText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('backend-threads')).toHaveText(' · 1 thread (no SharedArrayBuffer here: the page is not cross-origin isolated)');
  expect(loads, 'no reload').toHaveLength(1);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
});
