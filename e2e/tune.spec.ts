import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { expect, openTab, SHOTS, test, TIMED } from './fixtures';
import { readTrace, uiThreadTasks, UI_TASK_CATEGORIES } from '../scripts/lib/ui-tasks';

// Tune as a person uses it: demo data, open Tune, a small budget, Start tuning; pause and resume; the leaderboard
// fills, every trial's curve is drawn, the test figure appears once at the end; "Use these settings" puts a
// trial's settings in the controls. The UI thread is traced throughout (as in interface.spec.ts): no task of
// 50 ms CPU while the search runs. Tensors and GPU bytes the worker reports after each trial stay flat.
test('tune on demo data: leaderboard, pause/resume, one test figure at the end, use a trial\'s settings, a responsive page', TIMED, async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await openTab(page, 'Tune');
  const panel = page.getByTestId('tune-panel');
  await panel.getByLabel('budget (minutes)').fill('0');
  await panel.getByLabel('budget (trials)').fill('6');
  await panel.getByLabel('most epochs per trial').fill('12');
  await panel.getByLabel('patience per trial').fill('3');
  await panel.getByLabel('hidden units to').fill('600'); // the default 300..1000 trains slower on a 2-core machine

  const tracePath = testInfo.outputPath('tune-trace.json');
  await browser.startTracing(page, { path: tracePath, screenshots: false, categories: UI_TASK_CATEGORIES });
  const started = Date.now();
  await panel.getByRole('button', { name: 'Start tuning' }).click();
  const rows = panel.getByTestId('tune-row');
  await expect.poll(() => rows.count(), { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
  await expect(panel.getByTestId('tune-result'), 'no test figure during the search').toHaveCount(0);

  // Pause: the search holds (no new trial ends); the panel says so. Then the mid-search picture.
  await panel.getByRole('button', { name: 'Pause tuning' }).click();
  await expect(panel.getByTestId('tune-status')).toContainText('Tuning paused');
  const pausedRows = await rows.count();
  await page.waitForTimeout(1500);
  expect(await rows.count(), 'no trial ends while paused').toBe(pausedRows);
  await expect(panel.getByTestId('tune-chart')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start', exact: true }), 'a run waits for the search').toBeDisabled();
  // ...and says so calmly: a note, not the red refusal of settings that cannot start, and no alert.
  await expect(page.getByTestId('start-waits')).toContainText('A search is running: Start is free again when it ends');
  await expect(page.getByTestId('start-blocked')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/15-tune-mid.png`, fullPage: true });
  await panel.getByRole('button', { name: 'Resume tuning' }).click();

  await expect(panel.getByTestId('tune-status')).toContainText('Tuning finished: 6 trials', { timeout: 150_000 });
  const seconds = (Date.now() - started) / 1000;
  await browser.stopTracing();
  await testInfo.attach('tune-trace', { path: tracePath, contentType: 'application/json' });
  await expect(rows).toHaveCount(6);
  await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeEnabled();
  await expect(panel.getByTestId('tune-result'), 'the test figure, shown once').toHaveCount(1);
  await expect(panel.getByTestId('tune-result')).toContainText(/Test RMSE \d\.\d{4}/);
  const testRmse = Number(await panel.getByTestId('tune-result').getAttribute('data-test-rmse'));
  expect(testRmse).toBeGreaterThan(0.5);
  expect(testRmse).toBeLessThan(1.2);
  // with it, the top-10 figures of the same model beside the most popular items'
  await expect(panel.getByTestId('tune-ranking')).toContainText(/At 10 on the test ratings: precision 0\.\d{4}, recall 0\.\d{4}, NDCG 0\.\d{4}; most popular items: precision 0\.\d{4}/);
  await panel.getByTestId('tune-result').screenshot({ path: `${SHOTS}/27-tune-result-ranking.png` });
  await expect(panel.getByTestId('tune-chart')).toHaveAttribute('data-trials', '6');
  // The leaderboard is sorted by validation RMSE.
  const valid = await rows.locator('[data-testid="valid-rmse"]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
  expect(valid).toEqual([...valid].sort((a, b) => a - b));
  // What the worker holds after each trial: the same every time.
  const mem = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-tensors'), tr.getAttribute('data-gpu-bytes'), tr.getAttribute('data-tensor-bytes')].join('/')));
  expect(new Set(mem).size, `tensors / GPU bytes / tensor bytes after each trial: ${mem.join(', ')}`).toBe(1);
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/15-tune-end.png`, fullPage: true });

  // At 1280x800 the leaderboard fits its card: its last column in view, no sideways scroll of the card or the page.
  const board = panel.locator('.tune-board');
  const inCard = async (name: string) => {
    const b = (await board.boundingBox())!;
    // the column's header and its first row's cell
    const cells = [board.getByRole('columnheader', { name, exact: true }), rows.first().getByRole('cell').nth(await board.getByRole('columnheader').evaluateAll((ths, n) => ths.findIndex((th) => th.textContent?.trim() === n), name))];
    const xs = await Promise.all(cells.map(async (c) => (await c.boundingBox())!));
    return xs.every((c) => c.x >= b.x - 0.5 && c.x + c.width <= b.x + b.width + 0.5) ? xs.map((c) => c.x) : undefined;
  };
  expect(await inCard('ended'), 'the last column in view at 1280').toBeDefined();
  expect(await board.evaluate((b) => b.scrollWidth - b.clientWidth), 'the leaderboard fits at 1280').toBeLessThanOrEqual(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scroll of the page').toBeLessThanOrEqual(1280);
  // Narrower, it scrolls inside its card, the key columns kept in view: scrolled to its end, the last column,
  // the validation RMSE and the kept epoch are all in the card, the key ones where they were.
  await page.setViewportSize({ width: 1000, height: 800 });
  expect(await board.evaluate((b) => b.scrollWidth - b.clientWidth), 'the leaderboard scrolls at 1000').toBeGreaterThan(0);
  const keys = [await inCard('valid RMSE'), await inCard('epochs')];
  await board.evaluate((b) => (b.scrollLeft = b.scrollWidth));
  expect(await inCard('ended'), 'the last column, scrolled to').toBeDefined();
  expect([await inCard('valid RMSE'), await inCard('epochs')], 'the key columns stay').toEqual(keys);
  expect(keys.every((x) => x !== undefined)).toBe(true);
  await board.screenshot({ path: `${SHOTS}/15-tune-leaderboard-1000-scrolled.png` });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The leaderboard as CSV, best first.
  const [csv] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export leaderboard CSV' }).click()]);
  const lines = readFileSync((await csv.path()) ?? '', 'utf8').trim().split('\n');
  expect(lines[0].split(',').slice(0, 8)).toEqual(['rank', 'trial', 'l2', 'hidden', 'dropout', 'learningRate', 'validRmse', 'bestEpoch']);
  expect(lines.slice(1).map((l) => Number(l.split(',')[6]))).toEqual(valid);
  // each trial's weight in the reported model: the members' (as many as the leaderboard marks), blank for the rest
  const w = lines[0].split(',').indexOf('weight');
  expect(w).toBeGreaterThan(0);
  const weighted = lines.slice(1).filter((l) => l.split(',')[w] !== '');
  await expect(panel.locator('[data-testid="blend-weight"]:not(:empty)')).toHaveCount(weighted.length);
  expect(weighted.length).toBeGreaterThan(0);

  // The search joins the run history with its test figure.
  await expect(page.getByTestId('history-run').filter({ hasText: 'Tune: 6 trials' })).toHaveCount(1);

  // "Use these settings" on the second row: its hidden units and dropout go to the controls.
  const second = rows.nth(1);
  const hidden = await second.locator('[data-key="hidden"]').getAttribute('data-value');
  await second.getByRole('button', { name: /Use these settings/ }).click();
  await expect(page.getByLabel('Hidden units', { exact: true })).toHaveAttribute('aria-valuetext', hidden ?? '');

  const { tasks } = uiThreadTasks(readTrace(readFileSync(tracePath, 'utf8')));
  const byCpu = [...tasks].sort((x, y) => y.cpuMs - x.cpuMs);
  const top = byCpu.slice(0, 5).map((t) => `${t.cpuMs.toFixed(1)} ms CPU / ${t.wallMs.toFixed(1)} ms wall`).join(', ');
  const summary = `6 trials in ${seconds.toFixed(1)} s, ${tasks.length} UI tasks; most CPU in one task: ${top}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  console.log(`[tune ui tasks] ${summary}`);
  expect(tasks.length).toBeGreaterThan(50);
  expect(byCpu[0].cpuMs, `the longest task on the UI thread while tuning, in CPU time: ${summary}`).toBeLessThan(50);
});
