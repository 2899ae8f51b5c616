import type { Page } from '@playwright/test';
import { expect, moreSettings, openTab, SHOTS, test } from './fixtures';

// The first five minutes of a newcomer: settings open during a run and a restart to apply them, buttons
// that stay put, the memory plan before Start, the focus after Start, the chart near the top on a phone.

const points = (page: Page) => page.locator('[data-testid="chart"] .test-rmse-dot');
const start = (page: Page) => page.getByRole('button', { name: 'Start', exact: true });
const pause = (page: Page) => page.getByRole('button', { name: 'Pause', exact: true });
/** Where Start is on the page (not the viewport: a scroll does not move it). */
const startBox = (page: Page) =>
  start(page).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
  });

/**
 * An epoch cap no test reaches before it pauses or stops: epochs of the small model last a few milliseconds, and on
 * a loaded 2-core machine a click can take seconds to land (200 epochs once ended before a Pause was clicked).
 */
const LONG_RUN = 5000;

/** The demo data and a small model a person would pick to try things: epochs of tens of milliseconds. */
async function demoSmall(page: Page, epochs: number) {
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await page.getByLabel('Hidden units', { exact: true }).fill('16');
  await moreSettings(page);
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByLabel('Learning rate', { exact: true }).fill('-2');
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveAttribute('aria-valuetext', '1.0e-2');
}

test('settings stay open during a run, and "Restart with these settings" stops it and starts the new one', async ({ page }) => {
  await page.goto('/');
  await demoSmall(page, LONG_RUN);
  await start(page).click();
  await expect(page.getByTestId('status')).toContainText('Training');
  await expect.poll(() => points(page).count()).toBeGreaterThanOrEqual(2);

  // The learning rate applies live: no restart offered for it.
  await page.getByLabel('Learning rate', { exact: true }).fill('-2.5');
  await expect(page.getByTestId('restart-bar')).toHaveCount(0);

  // Pause first: a paused run restarts too.
  await pause(page).click();
  await expect(page.getByTestId('status')).toContainText('Paused after epoch');
  const hidden = page.getByLabel('Hidden units', { exact: true });
  await expect(hidden).toBeEnabled();
  await hidden.fill('24');
  // the epoch cap is live (the paused run would end at it); the hidden units need new weights: a restart
  await page.getByLabel('Epochs', { exact: true }).fill('4');
  await page.getByLabel('Epochs', { exact: true }).press('Enter'); // while a run is live a typed cap applies at Enter
  const bar = page.getByTestId('restart-bar');
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('changed-settings')).toHaveText('hidden units 16 → 24');
  await expect(page.getByTestId('plan'), 'the plan for the changed settings shows beside the running one').toContainText('settings changed');
  await page.screenshot({ path: `${SHOTS}/13-1280-restart-offered.png` });
  const restart = page.getByRole('button', { name: 'Restart with these settings' });
  await restart.click();
  await expect(page.getByTestId('status')).toContainText('Run finished after 4 epochs');
  await expect(start(page), 'the focus went with the run buttons: Pause while the new run trained, Start as it ended').toBeFocused();

  const runs = page.getByTestId('history-run');
  await expect(runs, 'the stopped run joined the history, then the new one').toHaveCount(2);
  await expect(runs.nth(0)).toContainText('h16');
  await expect(runs.nth(1)).toContainText('h24');
  await expect(runs.nth(1)).toContainText('4 epochs');
  await expect(points(page)).toHaveCount(4);
  await expect(bar).toHaveCount(0);
});

test('the run buttons stay put when a run starts, and the focus goes to Pause and back to Start', async ({ page }) => {
  await page.goto('/');
  await demoSmall(page, LONG_RUN);
  await expect(pause(page), 'before any run: Pause, disabled').toBeDisabled();
  await expect(page.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await openTab(page, 'Run details');
  await expect(page.getByTestId('plan-memory')).toBeVisible();
  const before = await startBox(page);
  await start(page).click();
  await expect(pause(page), 'focus moves from Start (now off) to Pause').toBeFocused();
  await expect(page.getByTestId('status')).toContainText('Training');
  await expect(page.getByTestId('split'), 'the run details are shown').toBeVisible();
  await expect.poll(() => points(page).count()).toBeGreaterThanOrEqual(2);
  const after = await startBox(page);
  expect(after, `Start at ${JSON.stringify(before)} before the run, ${JSON.stringify(after)} during it`).toEqual(before);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/13-1280-running.png` });

  // Space (with Pause focused: the button itself) pauses; Stop ends the run and gives the focus back to Start.
  await page.keyboard.press('Space');
  await expect(page.getByTestId('status')).toContainText('Paused after epoch');
  await expect(page.getByRole('button', { name: 'Resume' })).toBeFocused();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('status')).toContainText(/Run stopped after \d+ epochs/);
  await expect(start(page)).toBeFocused();
  await expect(pause(page)).toBeDisabled();
  expect(await startBox(page)).toEqual(before);
});

test('the memory plan shows before Start, and settings that would be refused turn Start off with the reason', async ({ page }) => {
  await page.goto('/?hidden=10000&layers=8&backend=wasm');
  await expect(page.getByTestId('plan'), 'no plan before data').toHaveCount(0);
  await page.getByRole('button', { name: 'Use demo data' }).click();
  const memory = page.getByTestId('plan-memory');
  await expect(memory).toContainText(/^does not fit: about \d+ MiB, of the 4096 MiB this backend can hold weights \d+ MiB, the kept epoch's weights \d+ MiB, optimizer \d+ MiB, gradients and batch \d+ MiB$/);
  await expect(page.getByTestId('plan-assumed')).toContainText('wasm, as chosen');
  const blocked = page.getByTestId('start-blocked');
  await expect(blocked).toContainText('more than the 4096 MiB this backend can hold');
  await expect(blocked).toContainText('Try fewer hidden units');
  await expect(start(page)).toBeDisabled();
  await expect(start(page)).toHaveAttribute('aria-describedby', 'start-blocked');
  await page.screenshot({ path: `${SHOTS}/13-1280-refused.png` });

  // Fewer hidden units: the plan fits, Start is on.
  await page.getByLabel('Hidden units', { exact: true }).fill('100');
  await expect(memory).toContainText(/^fits: about \d+ MiB, of the 4096 MiB/);
  await expect(blocked).toHaveCount(0);
  await expect(start(page)).toBeEnabled();

  // A compute path the backend lacks is refused before Start as well.
  await moreSettings(page);
  await page.getByLabel('Backend').selectOption('webgl');
  await page.getByLabel('Compute').selectOption('sparse');
  await expect(blocked).toContainText('webgl has no sparse kernels');
  await expect(start(page)).toBeDisabled();
  await page.getByLabel('Compute').selectOption('auto');
  await expect(start(page)).toBeEnabled();

  // 'auto' names the backend it assumes until one has started.
  await page.getByLabel('Backend').selectOption('auto');
  await expect(page.getByTestId('plan-assumed')).toContainText(/auto picks (wasm|webgpu)|no WebGPU adapter/);
});

test('on a phone the run buttons, the status and the chart come first', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.screenshot({ path: `${SHOTS}/13-390-empty.png` });
  await demoSmall(page, LONG_RUN);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/13-390-loaded.png` });
  await start(page).click();
  await expect(page.getByTestId('status')).toContainText('Training');
  await expect.poll(() => points(page).count()).toBeGreaterThanOrEqual(2);
  await pause(page).click();
  await expect(page.getByTestId('status')).toContainText('Paused after epoch');
  const top = async (testId: string) => page.getByTestId(testId).evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  const [status, chart, settings] = await Promise.all([top('status'), top('chart'), page.getByLabel('Hidden units', { exact: true }).evaluate((e) => e.getBoundingClientRect().top + window.scrollY)]);
  expect(chart, `the chart starts at ${chart} px`).toBeLessThan(1.5 * 844);
  expect(status).toBeLessThan(chart);
  expect(settings, 'settings come after the chart').toBeGreaterThan(chart);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/13-390-running.png` });
  await page.screenshot({ path: `${SHOTS}/13-390-running-full.png`, fullPage: true });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('status')).toContainText('Run stopped after');
});

test('full page at 1280x800 after a run (for review)', async ({ page }) => {
  await page.goto('/');
  await page.screenshot({ path: `${SHOTS}/13-1280-empty.png` });
  await demoSmall(page, 3);
  await openTab(page, 'Run details');
  await expect(page.getByTestId('plan-memory')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/13-1280-loaded.png` });
  await start(page).click();
  await expect(page.getByTestId('status')).toContainText('Run finished after 3 epochs');
  await page.screenshot({ path: `${SHOTS}/13-1280-finished-full.png`, fullPage: true });
});
