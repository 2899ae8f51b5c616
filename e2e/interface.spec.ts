import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { expect, moreSettings, openTab, SHOTS, smallModel, smallUData, test, TIMED } from './fixtures';
import { readTrace, uiThreadTasks, UI_TASK_CATEGORIES } from '../scripts/lib/ui-tasks';
import { PINNED_COLOR } from '../src/ui/state/run-colors';

const points = (page: Page) => page.locator('[data-testid="chart"] .test-rmse-dot');

async function trainSmall(page: Page, epochs: number) {
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await expect(page.getByTestId('data-line')).toBeVisible();
  await smallModel(page, epochs);
  await page.getByLabel('Hidden units', { exact: true }).fill('24');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
}

test('export a run as CSV, find it again after a reload, reproduce its settings from the URL', async ({ page }) => {
  await page.goto('/');
  // train RMSE is measured when asked for (the epoch table's switch), then in the table and the CSV
  await openTab(page, 'Epoch table');
  await page.getByLabel(/Measure train RMSE every epoch/).check();
  await trainSmall(page, 4);
  await expect(page.getByTestId('trainRmse').first()).not.toHaveText('–');
  await expect(points(page)).toHaveCount(4);
  await expect(page.getByTestId('readout-epoch')).toHaveText('4');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export run CSV' }).click()]);
  const lines = readFileSync(await csv.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('epoch,wall_ms,train_loss,train_rmse,valid_rmse,test_rmse,test_mae,learning_rate,l2,dropout,kernel_l2,test_precision10,test_recall10,test_ndcg10');
  expect(lines).toHaveLength(5);
  const column = (key: string) => page.getByTestId(key).evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))).reverse());
  const [testRmse, validRmse] = [await column('testRmse'), await column('validRmse')];
  lines.slice(1).forEach((line, k) => {
    const [epoch, wall, loss, trainRmse, valid, rmse, mae, lr] = line.split(',').map(Number);
    expect(epoch).toBe(k + 1);
    expect(wall).toBeGreaterThan(0);
    expect(loss).toBeGreaterThan(0);
    expect(Number.isFinite(trainRmse)).toBe(true);
    expect(valid).toBeCloseTo(validRmse[k], 10);
    expect(rmse).toBeCloseTo(testRmse[k], 10);
    expect(mae).toBeLessThanOrEqual(rmse);
    expect(lr).toBeCloseTo(1e-2, 10);
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
  await openTab(page, 'Earlier runs');
  await page.getByTestId('history-run').first().getByRole('button', { name: 'Pin as baseline' }).click();
  await expect(page.getByTestId('history-run').first().getByRole('button', { name: 'Unpin' })).toBeVisible();
  // the pinned run is drawn dashed in the baseline colour, in both panels
  await expect(page.locator(`[data-testid="chart"] .recharts-line-curve[stroke="${PINNED_COLOR}"][stroke-dasharray="6 3"]`)).toHaveCount(2);
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
  await openTab(page, 'Recommendations');
  await page.getByLabel('User id').fill('1');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.getByTestId('top-n').locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('top-n')).toContainText('item '); // u.data alone has no titles: item ids stand in
  await page.getByLabel('User id').fill('424242');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.getByRole('alert')).toContainText('no user 424242');
});

// The UI thread must never block for 50 ms while a run trains: the demo data, earlier runs on the chart, a
// 120-epoch run on the backend auto picks. No retries. What is asserted is the longest task's CPU time on the
// UI thread, read from a Chromium performance trace: the app's own work. Wall time (PerformanceObserver
// 'longtask') is printed beside it with the machine's load average: on a busy 2-core machine the operating
// system deschedules the UI thread and stretches a 3 ms task past 50 ms (traced: 183 ms wall for 6.5 ms of
// CPU), which no change to the app can prevent. The trace is attached to the report
// (`npx tsx scripts/longtask-trace.ts <file>` lists what ran inside the longest tasks).
test('the UI thread never works 50 ms in one task while training (demo data, earlier runs on the chart, 120 epochs)', TIMED, async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await moreSettings(page);
  await page.getByLabel('Epochs', { exact: true }).fill('3');
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(Math.round(e.duration)))).observe({ type: 'longtask' });
  });
  const tracePath = testInfo.outputPath('ui-trace.json');
  await browser.startTracing(page, { path: tracePath, screenshots: false, categories: UI_TASK_CATEGORIES });

  // Earlier runs on the chart: three short runs of the default model, started and awaited like a person would.
  for (let run = 1; run <= 3; run++) {
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('history-run'), 'a finished run joins the history').toHaveCount(run, { timeout: 60_000 });
    await expect(page.getByTestId('status')).toContainText('Run finished after 3 epochs');
  }
  await page.getByLabel('Epochs', { exact: true }).fill('120');
  await page.getByLabel('Patience', { exact: true }).fill('0');

  // The run watched: the default model on the backend auto picks (wasm on a software GPU adapter), 120 epochs.
  const started = Date.now();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('Run finished after 120 epochs', { timeout: 150_000 });
  const seconds = (Date.now() - started) / 1000;
  await expect(points(page)).toHaveCount(120);
  await browser.stopTracing();
  await testInfo.attach('ui-trace', { path: tracePath, contentType: 'application/json' });

  const { tasks } = uiThreadTasks(readTrace(readFileSync(tracePath, 'utf8')));
  const byCpu = [...tasks].sort((x, y) => y.cpuMs - x.cpuMs);
  const longest = byCpu[0];
  const wall = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const backend = await page.getByTestId('backend').getAttribute('data-backend');
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const top = byCpu.slice(0, 5).map((t) => `${t.cpuMs.toFixed(1)} ms CPU / ${t.wallMs.toFixed(1)} ms wall`).join(', ');
  const summary = `${backend}, 4 runs (120 epochs in ${seconds.toFixed(1)} s), ${tasks.length} UI tasks; most CPU in one task: ${top}; long tasks by wall time: ${wall.join(', ') || 'none'}; load average ${load}`;
  console.log(`[ui tasks] ${summary}`);
  testInfo.annotations.push({ type: 'ui tasks', description: summary });
  expect(tasks.length, 'the trace holds the UI thread\'s tasks').toBeGreaterThan(100);
  expect(longest.cpuMs, `the longest task on the UI thread, in CPU time: ${summary}`).toBeLessThan(50);
});

test('readable on a narrow window', async ({ page }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await page.getByTestId('data-line').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/08-narrow.png`, fullPage: true });
});
