import { expect, test } from '@playwright/test';
import { SHOTS, smallModel, smallUData } from './fixtures';

const points = (page: import('@playwright/test').Page) => page.locator('[data-testid="chart"] .test-rmse-dot');

test('pause, step, resume, stop and reset a run like a person would', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await smallModel(page, 40);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => points(page).count()).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toContainText('Paused after epoch');
  const paused = await points(page).count();
  await page.waitForTimeout(1500);
  expect(await points(page).count(), 'the chart stops growing while paused').toBe(paused);

  await page.getByRole('button', { name: 'Step' }).click();
  await expect(points(page)).toHaveCount(paused + 1);
  await expect(page.getByTestId('status')).toContainText(`Paused after epoch ${paused + 1}`);

  // the learning rate applies live; the rest is locked while a run exists
  await expect(page.getByLabel('Hidden units', { exact: true })).toBeDisabled();
  await page.getByLabel('Learning rate', { exact: true }).fill('-2.5');
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveAttribute('aria-valuetext', '3.2e-3');

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => points(page).count()).toBeGreaterThan(paused + 2);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('status')).toContainText('Run stopped after');
  const stopped = await points(page).count();
  await page.waitForTimeout(1000);
  await expect(points(page)).toHaveCount(stopped);
  await page.screenshot({ path: `${SHOTS}/05-stopped.png` });

  const tensors = await page.getByTestId('epoch-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tensors')));
  expect(new Set(tensors.slice(0, -1)).size, `tensor count per epoch on webgpu: ${tensors}`).toBe(1);

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(points(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
});

test('a preset is one click away', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Accurate I-AutoRec' }).click();
  await expect(page.getByLabel('L2 penalty λ', { exact: true })).toHaveAttribute('aria-valuetext', '1.0e+1');
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('50');
  await expect(page.getByLabel('Hidden units', { exact: true })).toHaveValue('500');
});
