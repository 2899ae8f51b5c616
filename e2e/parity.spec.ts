import { expect, runOn, smallModel, smallUData, test } from './fixtures';

// 'auto' computes sparsely on cpu, wasm and webgpu and densely on webgl: the same numbers either way.
test('every backend and both compute paths give the same first 3 epochs as cpu (1e-3 relative)', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await expect(page.getByTestId('data-line')).toBeVisible();
  await smallModel(page, 3);
  const cpu = await runOn(page, 'cpu');
  await expect(page.getByTestId('compute')).toContainText('sparse');
  expect(cpu).toHaveLength(3);
  expect(cpu[2][1], 'the model learns: train loss falls').toBeLessThan(cpu[0][1]);
  expect(cpu[2][3], 'test RMSE moves').not.toBe(cpu[0][3]);
  for (const [backend, compute] of [['webgpu', 'sparse'], ['webgpu', 'dense'], ['wasm', 'auto'], ['webgl', 'auto'], ['cpu', 'dense']]) {
    const other = await runOn(page, backend, compute);
    await expect(page.getByTestId('compute')).toHaveAttribute('data-value', compute === 'auto' ? (backend === 'webgl' ? 'dense' : 'sparse') : compute);
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
