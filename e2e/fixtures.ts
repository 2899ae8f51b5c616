import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { generateDemo, toUDataText } from '../src/data/demo';

export { expect };

/** URLs that never leave the tab: they carry their own bytes. */
const LOCAL_SCHEMES = /^(data|blob):/;

/**
 * Records every request (and WebSocket) in `context` that leaves `origin`: every page of the context,
 * pages opened later with context.newPage() or window.open, and their workers.
 */
export function recordOffOrigin(context: BrowserContext, origin: string, off: string[] = []): string[] {
  const check = (url: string, what: string) => {
    if (LOCAL_SCHEMES.test(url)) return;
    let o: string;
    try {
      o = new URL(url).origin;
    } catch {
      o = 'null';
    }
    if (o !== origin) off.push(`${what} ${url}`);
  };
  context.on('request', (r) => check(r.url(), r.method()));
  const watchSockets = (p: Page) => p.on('websocket', (ws) => check(ws.url(), 'WebSocket'));
  context.pages().forEach(watchSockets);
  context.on('page', watchSockets);
  return off;
}

/**
 * Every browser test imports `test` from here: the app promises that your data never leaves the tab, so
 * a test fails, after its body, on any request whose origin is not the app's (baseURL's); data: and blob:
 * URLs stay in the tab and pass. It fails too on anything the app's Content-Security-Policy refused (the
 * policy is in force in every test: the built index.html holds it), as that is a feature the policy breaks. The guard sits on `context`: Playwright's `page` is made from it (so the
 * plain `page` fixture is guarded through it), and so is any page a test opens with context.newPage().
 */
export const test = base.extend<{ offOrigin: string[]; cspRefused: string[] }>({
  /** What the guard has recorded so far in this test (e2e/guard.spec.ts reads it to test the guard). */
  offOrigin: async ({}, use) => {
    await use([]);
  },
  /**
   * What the app's Content-Security-Policy refused in this test's pages, as Chromium reports it on their console: a
   * feature the policy breaks. A test that provokes a refusal on purpose (e2e/guard.spec.ts, e2e/static-host.spec.ts)
   * checks and empties it.
   */
  cspRefused: async ({}, use) => {
    await use([]);
  },
  context: async ({ context, baseURL, offOrigin, cspRefused }, use) => {
    if (!baseURL) throw new Error('the off-origin guard needs use.baseURL (playwright.config.ts)');
    const origin = new URL(baseURL).origin;
    recordOffOrigin(context, origin, offOrigin);
    context.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspRefused.push(m.text());
    });
    await use(context);
    expect(offOrigin, `requests that left the app's origin ${origin}`).toEqual([]);
    expect(cspRefused, "what the app's Content-Security-Policy refused").toEqual([]);
  },
});

/**
 * The tag of a test that measures time (how long the UI thread works, how long the panels disagree): the
 * config runs these one at a time after all the others (playwright.config.ts, project 'timed'), so no other
 * test shares the cores while they measure.
 */
export const TIMED = { tag: '@timed' };

/** A small MovieLens-100K-format file made here, so tests need no downloaded data. */
export function smallUData(users = 60, items = 48, ratings = 900, seed = 11) {
  const text = toUDataText(generateDemo({ users, items, ratings, seed }));
  return { name: 'u.data', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') };
}

export const SHOTS = 'e2e/artifacts';

/**
 * Opens "More settings" (all but the five settings of the first view), as a person does from the keyboard (Enter on
 * its summary: a click at the summary's place could land elsewhere while the page still settles, e.g. as the split's
 * counts arrive); left open if it is.
 */
export async function moreSettings(page: Page) {
  const more = page.locator('details.more-settings');
  if (!(await more.evaluate((d) => (d as HTMLDetailsElement).open))) await more.locator('summary').press('Enter');
  await expect(page.getByLabel('Optimizer')).toBeVisible();
}

/** Picks a tab below the chart (Epoch table, Earlier runs, Tune, Recommendations, Network, Item map, Run details, Model file). */
export async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
}

/** Small-model settings a person would pick for tiny data: they train in seconds even on a software GPU. */
export async function smallModel(page: Page, epochs: number) {
  await moreSettings(page);
  await page.getByLabel('Hidden units', { exact: true }).fill('16');
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByLabel('Batch size').selectOption('32');
  await page.getByLabel('Learning rate', { exact: true }).fill('-2'); // log10 scale: 1e-2
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveAttribute('aria-valuetext', '1.0e-2');
}

/**
 * Trains the loaded data on `backend` with `compute` (the other settings as set) and returns the epoch
 * table's full-precision values per epoch, oldest first: [epoch, train loss, train RMSE, test RMSE, test MAE].
 */
export async function runOn(page: Page, backend: string, compute = 'auto'): Promise<number[][]> {
  // train RMSE is measured when asked for (the epoch table's switch): these runs compare it too
  await openTab(page, 'Epoch table');
  await page.getByLabel(/Measure train RMSE every epoch/).check();
  await moreSettings(page);
  await page.getByLabel('Backend').selectOption(backend);
  await page.getByLabel('Compute').selectOption(compute);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', backend);
  const rows = await page.getByTestId('epoch-table').locator('tbody tr').all();
  const values = await Promise.all(
    rows.map((r) => r.locator('td').evaluateAll((tds) => tds.slice(0, 5).map((td) => Number(td.getAttribute('data-value'))))),
  );
  return values.reverse(); // the table lists the newest epoch first
}

/** A user's top-10 table as shown (rank | title | training ratings | predicted, "5.00+" above the top), asked for in the Recommendations tab. */
export async function recommend(page: Page, user: number): Promise<string[]> {
  await openTab(page, 'Recommendations');
  await page.getByLabel('User id').fill(String(user));
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.getByTestId('top-n')).toContainText(`for user ${user}`);
  return page
    .getByTestId('top-n')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.firstChild?.textContent ?? '').join(' | ')));
}
