import { expect, test, type Page } from '@playwright/test';
import { smallModel, smallUData } from './fixtures';

async function runOn(page: Page, backend: string, compute = 'auto'): Promise<number[][]> {
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

// 'auto' computes sparsely on cpu and wasm and densely on webgpu and webgl: the same numbers either way.
test('every backend and both compute paths give the same first 3 epochs as cpu (1e-3 relative)', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await smallModel(page, 3);
  const cpu = await runOn(page, 'cpu');
  await expect(page.getByTestId('compute')).toContainText('sparse');
  expect(cpu).toHaveLength(3);
  expect(cpu[2][1], 'the model learns: train loss falls').toBeLessThan(cpu[0][1]);
  expect(cpu[2][3], 'test RMSE moves').not.toBe(cpu[0][3]);
  for (const [backend, compute] of [['webgpu', 'auto'], ['wasm', 'auto'], ['webgl', 'auto'], ['cpu', 'dense']]) {
    const other = await runOn(page, backend, compute);
    expect(other).toHaveLength(3);
    for (let e = 0; e < 3; e++) {
      expect(other[e][0]).toBe(e + 1);
      for (let k = 1; k < 5; k++) {
        const rel = Math.abs(other[e][k] - cpu[e][k]) / Math.abs(cpu[e][k]);
        expect(rel, `${backend} ${compute}, epoch ${e + 1}, column ${k}: cpu ${cpu[e][k]} vs ${other[e][k]}`).toBeLessThan(1e-3);
      }
    }
  }
});
