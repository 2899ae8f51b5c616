import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, moreSettings, openTab, test } from './fixtures';

/** A run that waits for the person: the demo data, the default settings, the backend `auto` picks, real clicks and keys. */

type Knob = 'learningRate' | 'l2' | 'dropout';
type Row = Record<'epoch' | Knob, number>;

/** The epoch table's rows, oldest first: the epoch and the live settings recorded with it (full precision). */
async function rows(page: Page): Promise<Row[]> {
  const all = await page
    .getByTestId('epoch-table')
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => {
        const v = (key: string) => Number(tr.querySelector(`[data-testid="${key}"]`)?.getAttribute('data-value'));
        return { epoch: v('epoch'), learningRate: v('learningRate'), l2: v('l2'), dropout: v('dropout') };
      }),
    );
  return all.reverse();
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/**
 * Moves one setting while the run trains (`act`) and finds the new value recorded from one epoch on: every epoch
 * before it has the old value, every epoch from it the new one, and that epoch began soon after the move (the epoch
 * in progress when the message arrived, or the next; the table may lag the worker by a few epochs under load).
 * Returns the first epoch with the new value.
 */
async function moveAndFind(page: Page, knob: Knob, to: number, act: () => Promise<void>): Promise<number> {
  const before = (await rows(page)).at(-1)?.epoch ?? 0;
  await act();
  await expect.poll(async () => (await rows(page)).filter((r) => near(r[knob], to)).length, { message: `${knob} → ${to} recorded` }).toBeGreaterThanOrEqual(2);
  const rs = await rows(page);
  const k = rs.findIndex((r) => near(r[knob], to));
  expect(rs.slice(0, k).every((r) => !near(r[knob], to)), `${knob}: no epoch before ${rs[k].epoch} has ${to}`).toBe(true);
  expect(rs.slice(k).every((r) => near(r[knob], to)), `${knob}: every epoch from ${rs[k].epoch} has ${to}`).toBe(true);
  expect(rs[k].epoch, `${knob}: moved after epoch ${before}`).toBeGreaterThan(before);
  // promptly: from the epoch in progress or the next, but the table may lag the worker by a few epochs of tens of
  // milliseconds on a loaded machine; a change that waited for a restart or the run's end would never show
  expect(rs[k].epoch, `${knob}: moved after epoch ${before}, applied from epoch ${rs[k].epoch}`).toBeLessThanOrEqual(before + 10);
  return rs[k].epoch;
}

const downloaded = async (d: Download) => readFileSync(await d.path(), 'utf8');

async function startDefaultDemoRun(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('data-line')).toBeVisible();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(page.getByTestId('status')).toContainText('Training');
}

test('learning rate, λ and dropout move while a default run trains: each applies from the next epoch and is recorded everywhere', async ({ page }) => {
  test.setTimeout(120_000);
  await startDefaultDemoRun(page);
  await expect.poll(async () => (await rows(page)).length).toBeGreaterThanOrEqual(2);
  const lr = page.getByLabel('Learning rate', { exact: true });
  const l2 = page.getByLabel('L2 penalty λ', { exact: true });
  const dropout = page.getByLabel('Dropout', { exact: true });

  const atLr = await moveAndFind(page, 'learningRate', 0.01, () => lr.fill('-2')); // log10 scale
  const atL2 = await moveAndFind(page, 'l2', 0.1, () => l2.fill('-1'));
  // the keyboard: the focused slider nudged with an arrow key (one step, 0.05 -> 0.1)
  const atDropout = await moveAndFind(page, 'dropout', 0.1, async () => {
    await dropout.focus();
    await page.keyboard.press('ArrowRight');
  });
  await expect(dropout).toHaveAttribute('aria-valuetext', '0.10');
  // no restart is offered for live settings
  await expect(page.getByTestId('changed-settings')).toHaveCount(0);

  // Space pauses and resumes with the slider still focused
  await page.keyboard.press('Space');
  await expect(page.getByTestId('status')).toContainText('Paused');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('status')).toContainText('Training');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('status')).toContainText('Run stopped after');

  // the chart marks each change where it took effect
  const marks = page.locator('[data-testid="chart"] .live-change[data-label]');
  const labels = await marks.evaluateAll((gs) => [...new Set(gs.map((g) => `${g.getAttribute('data-epoch')} ${g.getAttribute('data-label')}`))]);
  expect(labels).toEqual(expect.arrayContaining([`${atLr} lr→1e−2`, `${atL2} λ→1e−1`, `${atDropout} dropout→0.1`]));

  // the CSV: every epoch's live settings, as the table has them
  const table = await rows(page);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export run CSV' }).click()]);
  const lines = (await downloaded(csv)).trim().split('\n');
  const head = lines[0].split(',');
  const col = (name: string) => head.indexOf(name);
  expect(lines).toHaveLength(table.length + 1);
  lines.slice(1).forEach((line, k) => {
    const cells = line.split(',').map(Number);
    expect([cells[col('epoch')], cells[col('learning_rate')], cells[col('l2')], cells[col('dropout')]]).toEqual([table[k].epoch, table[k].learningRate, table[k].l2, table[k].dropout]);
  });

  // the run's label in the history, and its settings JSON
  await openTab(page, 'Earlier runs');
  const run = page.getByTestId('history-run').first();
  await expect(run).toContainText(`lr→1e−2 @ epoch ${atLr}`);
  await expect(run).toContainText(`λ→1e−1 @ epoch ${atL2}`);
  await expect(run).toContainText(`dropout→0.1 @ epoch ${atDropout}`);
  const [json] = await Promise.all([page.waitForEvent('download'), run.getByRole('button', { name: 'Settings JSON' }).click()]);
  const settings = JSON.parse(await downloaded(json));
  expect(settings).toMatchObject({ learningRate: 0.002, l2: 1e-5, dropout: 0.05, epochs: 0, asEnded: { learningRate: 0.01, l2: 0.1, dropout: 0.1 } });
  expect(settings.liveChanges).toEqual([
    { epoch: atLr, setting: 'learningRate', from: 0.002, to: 0.01 },
    { epoch: atL2, setting: 'l2', from: 1e-5, to: 0.1 },
    { epoch: atDropout, setting: 'dropout', from: 0.05, to: 0.1 },
  ]);

  // "Use settings" restores them as the run ended
  await lr.fill('-3');
  await l2.fill('-4');
  await dropout.fill('0.5');
  await run.getByRole('button', { name: 'Use settings' }).click();
  await expect(lr).toHaveAttribute('aria-valuetext', '1.0e-2');
  await expect(l2).toHaveAttribute('aria-valuetext', '1.0e-1');
  await expect(dropout).toHaveAttribute('aria-valuetext', '0.10');
});

test('a default run keeps training until it is stopped, or early-stopped by a patience set while it runs', async ({ page }) => {
  test.setTimeout(120_000);
  await startDefaultDemoRun(page);
  // the d2l run ended at 25 epochs; the page's goes on
  await expect.poll(async () => (await rows(page)).length, { timeout: 90_000 }).toBeGreaterThan(30);
  await expect(page.getByTestId('status')).toContainText('Training');
  await moreSettings(page);
  await page.getByLabel('Patience').fill('1');
  await page.getByLabel('Patience').press('Enter'); // while a run is live a typed number applies at Enter
  await expect(page.getByTestId('status')).toContainText(/Run finished after \d+ epochs: early stop: validation RMSE no better for 1 epochs/, { timeout: 60_000 });
});
