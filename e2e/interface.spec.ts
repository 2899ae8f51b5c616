import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, smallModel, smallUData } from './fixtures';

const points = (page: Page) => page.locator('[data-testid="chart"] .test-rmse-dot');

async function trainSmall(page: Page, epochs: number) {
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await smallModel(page, epochs);
  await page.getByLabel('Hidden units', { exact: true }).fill('24');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
}

test('export a run as CSV, find it again after a reload, reproduce its settings from the URL', async ({ page }) => {
  await page.goto('/');
  await trainSmall(page, 4);
  await expect(points(page)).toHaveCount(4);
  await expect(page.getByTestId('readout-epoch')).toHaveText('4');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export run CSV' }).click()]);
  const lines = readFileSync(await csv.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('epoch,wall_ms,train_loss,test_rmse,test_mae');
  expect(lines).toHaveLength(5);
  const table = await page.getByTestId('testRmse').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))).reverse());
  lines.slice(1).forEach((line, k) => {
    const [epoch, wall, loss, rmse, mae] = line.split(',').map(Number);
    expect(epoch).toBe(k + 1);
    expect(wall).toBeGreaterThan(0);
    expect(loss).toBeGreaterThan(0);
    expect(rmse).toBeCloseTo(table[k], 10);
    expect(mae).toBeLessThanOrEqual(rmse);
  });

  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export chart PNG' }).click()]);
  expect(readFileSync(await png.path()).subarray(1, 4).toString()).toBe('PNG');

  const shared = page.url();
  expect(shared).toContain('hidden=24');
  expect(shared).toContain('batch=32');
  await page.reload();
  await expect(page.getByTestId('history-run')).toHaveCount(1);
  await expect(page.getByTestId('history-run')).toContainText('h24');
  await expect(page.getByTestId('history-run')).toContainText('4 epochs');
  await expect(page.getByLabel('Hidden units', { exact: true })).toHaveValue('24');
  await page.screenshot({ path: `${SHOTS}/06-after-reload.png`, fullPage: true });

  const other = await page.context().newPage();
  await other.goto(shared.replace('hidden=24', 'hidden=40'));
  await expect(other.getByLabel('Hidden units', { exact: true })).toHaveValue('40');
  await expect(other.getByLabel('Batch size')).toHaveValue('32');
  await expect(other.getByLabel('Learning rate', { exact: true })).toHaveAttribute('aria-valuetext', '1.0e-2');
});

test('earlier runs stay faded on the chart; one can be pinned, hidden and deleted', async ({ page }) => {
  await page.goto('/');
  await trainSmall(page, 3);
  await page.getByLabel('Hidden units', { exact: true }).fill('8');
  await page.keyboard.press('Escape');
  await page.locator('header').click();
  await page.keyboard.press('Space'); // space starts / pauses
  await expect(page.getByTestId('status')).toContainText(/Training|finished/);
  await expect(page.getByTestId('status')).toContainText('finished');
  await expect(page.getByTestId('history-run')).toHaveCount(2);
  const lines = page.locator('[data-testid="chart"] .recharts-line');
  await page.getByTestId('history-run').first().getByRole('button', { name: 'Pin as baseline' }).click();
  await expect(page.getByTestId('history-run').first().getByRole('button', { name: 'Unpin' })).toBeVisible();
  // the pinned run is drawn dashed in the baseline colour, in both panels
  await expect(page.locator('[data-testid="chart"] .recharts-line-curve[stroke="#e67e22"][stroke-dasharray="6 3"]')).toHaveCount(2);
  const before = await lines.count();
  await page.getByTestId('history-run').first().getByRole('button', { name: 'Unpin' }).click();
  await page.getByLabel('Show run 1 on the chart').uncheck();
  await expect(lines).toHaveCount(before - 2); // one line per panel
  await page.getByLabel('Smoothing', { exact: true }).fill('0.6');
  await page.getByLabel('X axis').selectOption('seconds');
  await page.screenshot({ path: `${SHOTS}/07-history-smoothing.png`, fullPage: true });
  await page.getByRole('button', { name: 'Delete run 1' }).click();
  await expect(page.getByTestId('history-run')).toHaveCount(1);
});

test('after training: top-10 unseen movies for a user, with held-out ratings beside predictions', async ({ page }) => {
  await page.goto('/');
  await trainSmall(page, 3);
  await page.getByLabel('User id').fill('1');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.getByTestId('top-n').locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('top-n')).toContainText('item '); // u.data alone has no titles: item ids stand in
  await page.getByLabel('User id').fill('424242');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.getByRole('alert')).toContainText('no user 424242');
});

test.describe(() => {
  // Long tasks are wall time, so the operating system's scheduling on a loaded 2-core machine can stretch
  // one over 50 ms now and then: up to two retries. An app that makes long tasks fails every attempt
  // (before the fix every run had one to three).
  test.describe.configure({ retries: 2 });

  test('the UI thread has no long task over 50 ms while training', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('dropzone').drop({ files: smallUData() });
    await smallModel(page, 25);
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
    });
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('status')).toContainText('finished');
    await expect(points(page)).toHaveCount(25);
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    expect(longTasks, `long tasks (ms) on the UI thread: ${longTasks.join(', ')}`).toEqual([]);
  });
});

test('readable on a narrow window', async ({ page }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/08-narrow.png`, fullPage: true });
});
