import { expect, test } from '@playwright/test';
import { SHOTS, smallModel, smallUData } from './fixtures';

const points = (page: import('@playwright/test').Page) => page.locator('[data-testid="chart"] .test-rmse-dot');

test('pause, step, resume, stop and reset a run like a person would', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await smallModel(page, 200); // webgpu computes sparsely by default: many epochs, so the run is still going when Stop is pressed
  await page.getByLabel('Backend').selectOption('webgpu');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => points(page).count()).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toContainText('Paused after epoch');
  const paused = Number(/Paused after epoch (\d+)/.exec((await page.getByTestId('status').textContent()) ?? '')?.[1]);
  await expect(points(page), 'the chart catches up with the last epoch (it redraws at most 4 times a second)').toHaveCount(paused);
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
  const stopped = Number(/Run stopped after (\d+)/.exec((await page.getByTestId('status').textContent()) ?? '')?.[1]);
  await expect(points(page)).toHaveCount(stopped);
  await page.waitForTimeout(1000);
  await expect(points(page)).toHaveCount(stopped);
  await page.screenshot({ path: `${SHOTS}/05-stopped.png` });

  const tensors = await page.getByTestId('epoch-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tensors')));
  expect(new Set(tensors.slice(0, -1)).size, `tensor count per epoch on webgpu: ${tensors}`).toBe(1);
  const gpuBytes = await page.getByTestId('epoch-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-gpu-bytes')));
  expect(Number(gpuBytes[0]), 'GPU bytes are reported').toBeGreaterThan(0);
  expect(new Set(gpuBytes.slice(0, -1)).size, `GPU bytes per epoch on webgpu: ${gpuBytes}`).toBe(1);

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

test('a lost GPU is reported and the run continues from its last epoch on another backend', async ({ page }) => {
  const total = 120; // enough that webgpu (sparse by default, fast on tiny data) is still training when the device goes
  await page.goto('/?testHooks');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await smallModel(page, total);
  await page.getByLabel('Backend').selectOption('webgpu');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => points(page).count()).toBeGreaterThanOrEqual(3);
  await page.evaluate(() => (window as unknown as { autorecTest: { loseDevice: () => void } }).autorecTest.loseDevice());
  await expect(page.getByRole('alert')).toContainText('The GPU device was lost');
  const resume = page.getByRole('button', { name: /Continue from epoch \d+ on webgpu/ });
  await expect(resume).toBeVisible();
  const from = Number((await resume.textContent())!.match(/epoch (\d+)/)![1]);
  await page.getByLabel('Backend').selectOption('wasm');
  await page.screenshot({ path: `${SHOTS}/09-device-lost.png` });
  await page.getByRole('button', { name: `Continue from epoch ${from} on wasm` }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  const epochs = await page.getByTestId('epoch').allTextContents();
  expect(epochs.map(Number).reverse()).toEqual(Array.from({ length: total }, (_, k) => k + 1));
  await expect(points(page)).toHaveCount(total);
  const rmse = (await page.getByTestId('testRmse').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))))).reverse();
  expect(rmse[from], 'the resumed run starts from the checkpoint, not from scratch').toBeLessThan(rmse[0]);
});
