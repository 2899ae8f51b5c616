import type { Page } from '@playwright/test';
import { expect, SHOTS, smallModel, smallUData, test } from './fixtures';

/** The epoch table's full-precision column `key`, per epoch, oldest first. */
async function column(page: Page, key: string): Promise<number[]> {
  const values = await page.getByTestId(key).evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
  return values.reverse(); // the table lists the newest epoch first
}

test('a validation share picks the kept epoch and early stopping ends the run', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await expect(page.getByTestId('data-line')).toBeVisible();
  await smallModel(page, 80);

  // Patience needs a validation share: without one it is off and says why.
  await page.getByLabel('Validation share').fill('0');
  await expect(page.getByLabel('Validation share')).toHaveAttribute('aria-valuetext', 'off');
  await expect(page.getByLabel('Patience')).toBeDisabled();
  await expect(page.locator('.number-field', { has: page.getByLabel('Patience') })).toHaveAttribute('title', /validation share above 0/);
  await page.getByLabel('Validation share').fill('0.1');
  await expect(page.getByLabel('Validation share')).toHaveAttribute('aria-valuetext', '10%');
  await page.getByLabel('Patience').fill('3');
  await expect(page.getByLabel('Split seed')).toHaveValue('0');
  await expect(page.getByLabel('Weights seed')).toHaveValue('0');
  expect(page.url()).toContain('valid=0.1');
  expect(page.url()).toContain('patience=3');

  await page.getByRole('button', { name: 'Start' }).click();
  const status = page.getByTestId('status');
  await expect(status).toContainText('Run finished after', { timeout: 150_000 });
  await expect(status).toContainText('early stop');
  const finished = Number(/Run finished after (\d+) epochs/.exec((await status.textContent()) ?? '')?.[1]);
  expect(finished, 'early stopping ends the run before its 80 epochs').toBeLessThan(80);

  // The run's split: train / validation / test, the validation share taken from the training side.
  const split = page.getByTestId('split');
  const [train, valid, testCount] = await Promise.all(['data-train', 'data-valid', 'data-test'].map(async (a) => Number(await split.getAttribute(a))));
  expect(valid).toBeGreaterThan(0);
  expect(valid / (train + valid)).toBeCloseTo(0.1, 1);
  expect(testCount).toBeGreaterThan(0);

  // The kept epoch is the one with the lowest validation RMSE; the run ends `patience` epochs after it.
  const epochs = await column(page, 'epoch');
  const validRmse = await column(page, 'validRmse');
  const testRmse = await column(page, 'testRmse');
  expect(epochs).toHaveLength(finished);
  expect(validRmse.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  const k = validRmse.indexOf(Math.min(...validRmse));
  const kept = epochs[k];
  expect(finished).toBe(kept + 3);

  // Table: the kept row is marked, the caption names it.
  const keptRows = page.getByTestId('epoch-table').locator('tbody tr[data-kept]');
  await expect(keptRows).toHaveCount(1);
  await expect(keptRows.getByTestId('epoch')).toHaveAttribute('data-value', String(kept));
  await expect(page.getByTestId('kept-caption')).toHaveText(`Kept epoch ${kept}: validation RMSE ${validRmse[k].toFixed(4)}, test RMSE ${testRmse[k].toFixed(4)}`);

  // Readouts: the run's figure is the test RMSE at the kept epoch, not the lowest test RMSE.
  await expect(page.getByTestId('readout-kept')).toHaveText(`${testRmse[k].toFixed(4)} @ ${kept}`);
  await expect(page.getByTestId('readout-kept-valid')).toHaveText(`validation RMSE ${validRmse[k].toFixed(4)}`);
  await expect(page.getByTestId('readout-valid-rmse')).toHaveText(validRmse.at(-1)!.toFixed(4));

  // Chart: a validation curve beside the test curve, and the kept epoch marked and labelled.
  const chart = page.getByTestId('chart');
  await expect(chart.locator('.valid-curve')).toHaveCount(1);
  expect(((await chart.locator('.valid-curve').getAttribute('d')) ?? '').split('L')).toHaveLength(finished);
  await expect(chart.locator('.test-rmse-dot')).toHaveCount(finished);
  const label = chart.locator('.kept-label');
  await expect(label).toHaveCount(1);
  await expect(label).toHaveText(`kept: epoch ${kept} (valid ${validRmse[k].toFixed(3)}, test ${testRmse[k].toFixed(3)})`);
  await expect(page.getByTestId('chart-legend')).toContainText('validation RMSE');
  // The label lies inside the chart, not clipped at its right edge.
  const [box, frame] = await Promise.all([label.locator('rect').boundingBox(), chart.locator('svg.recharts-surface').first().boundingBox()]);
  expect(box && frame && box.x >= frame.x && box.x + box.width <= frame.x + frame.width).toBe(true);
  await chart.screenshot({ path: `${SHOTS}/12-validation-chart.png` });

  await expect(page.getByTestId('history-run')).toContainText(`test RMSE ${testRmse[k].toFixed(4)} @ kept epoch ${kept}`);
  await expect(page.getByTestId('history-run')).toContainText('valid 10% · patience 3');
});

test('without a validation share the last epoch is kept, and says so', async ({ page }) => {
  await page.goto('/?valid=0');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await smallModel(page, 4);
  await expect(page.getByLabel('Validation share')).toHaveAttribute('aria-valuetext', 'off');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('Run finished after 4 epochs');
  await expect(page.getByTestId('readout-kept-valid')).toHaveText('kept: last epoch (no validation split)');
  await expect(page.getByTestId('readout-kept')).toContainText('@ 4');
  await expect(page.getByTestId('chart').locator('.valid-curve')).toHaveCount(0);
  await expect(page.getByTestId('kept-caption')).toContainText('Kept epoch 4 (the last: no validation split)');
  await expect(page.getByTestId('split')).toHaveAttribute('data-valid', '0');
});

test('bad values in a link are named once, kept at their default, and the note can be dismissed', async ({ page }) => {
  await page.goto('/?hidden=-3&patience=abc&epochs=7&batch=0&dropout=1');
  const note = page.getByTestId('url-ignored');
  await expect(note).toContainText('hidden units must be at least 1');
  await expect(note).toContainText('patience must be a number');
  await expect(note).toContainText('batch size must be at least 1');
  await expect(note).toContainText('dropout must be at least 0 and below 1');
  await expect(page.getByLabel('Hidden units', { exact: true })).toHaveValue('500');
  await expect(page.getByLabel('Batch size')).toHaveValue('256');
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('7');
  await note.getByRole('button', { name: /Dismiss/ }).click();
  await expect(note).toHaveCount(0);
});
