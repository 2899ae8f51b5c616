import { expect, runOn, smallModel, smallUData, test } from './fixtures';

const EPOCHS = 5;

test('on webgpu the sparse path trains like the dense one and holds tensors and GPU memory flat', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await expect(page.getByTestId('data-line')).toBeVisible();
  await smallModel(page, EPOCHS);
  await page.getByLabel('Dropout', { exact: true }).fill('0');
  await expect(page.getByLabel('Dropout', { exact: true })).toHaveAttribute('aria-valuetext', '0.00');

  const dense = await runOn(page, 'webgpu', 'dense');
  await expect(page.getByTestId('compute')).toHaveAttribute('data-value', 'dense');
  const sparse = await runOn(page, 'webgpu', 'auto');
  await expect(page.getByTestId('compute'), "'auto' computes sparsely on webgpu").toHaveAttribute('data-value', 'sparse');
  expect(sparse).toHaveLength(EPOCHS);
  for (let e = 0; e < EPOCHS; e++) {
    for (let k = 1; k < 5; k++) {
      const rel = Math.abs(sparse[e][k] - dense[e][k]) / Math.abs(dense[e][k]);
      expect(rel, `epoch ${e + 1}, column ${k}: dense ${dense[e][k]} vs sparse ${sparse[e][k]}`).toBeLessThan(1e-5);
    }
  }

  // The table lists the newest epoch first; the first epoch allocates, the later ones must not.
  const rows = page.getByTestId('epoch-table').locator('tbody tr');
  const tensors = await rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-tensors')));
  expect(new Set(tensors.slice(0, -1)).size, `tensor count per epoch on webgpu sparse: ${tensors}`).toBe(1);
  const gpuBytes = await rows.evaluateAll((trs) => trs.map((r) => Number(r.getAttribute('data-gpu-bytes'))));
  expect(gpuBytes[0], 'GPU bytes are reported').toBeGreaterThan(0);
  expect(new Set(gpuBytes.slice(0, -1)).size, `GPU bytes per epoch on webgpu sparse: ${gpuBytes}`).toBe(1);
});
