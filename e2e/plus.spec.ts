import { expect, moreSettings, SHOTS, smallUData, test } from './fixtures';

// AutoRec+ one click away: the preset sets the model and its switches; the global-kernel stage and an ensemble
// train on the backend auto picks and on webgpu (its sparse shaders, tfjs's conv2d), and the kept figure is chosen
// on validation as for AutoRec. On webgpu the data is small: SwiftShader convolves the demo's whole rating
// matrix for minutes in the global stage, and the size is not what is tested there.
for (const backend of ['auto', 'webgpu'] as const) {
  test(`${backend}: the AutoRec+ preset trains, fine-tunes with the global kernel in its last epochs, and keeps a validation-chosen epoch`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('/');
    if (backend === 'webgpu') await page.getByTestId('dropzone').drop({ files: smallUData() });
    else await page.getByRole('button', { name: 'Use demo data' }).click();
    await expect(page.getByTestId('dataset-summary')).toContainText(backend === 'webgpu' ? 'u.data' : 'demo');
    await moreSettings(page);
    await expect(page.getByLabel('Model', { exact: true })).toHaveValue('autorec');
    await expect(page.getByRole('group', { name: 'AutoRec+ switches' })).toHaveCount(0);
    await page.getByRole('group', { name: 'Presets' }).getByRole('button', { name: 'AutoRec+' }).click();
    await expect(page.getByLabel('Model', { exact: true })).toHaveValue('plus');
    const switches = page.getByRole('group', { name: 'AutoRec+ switches' });
    await expect(switches.getByLabel('Kernel dimensions', { exact: true })).toHaveValue('5');
    await expect(page.getByLabel('Extra hidden layers', { exact: true })).toHaveValue('1');
    if (backend !== 'auto') await page.getByLabel('Backend').selectOption(backend);
    // a short run of a small model: 6 epochs, the last 2 global, 2 members (SwiftShader is slow: smaller there)
    const [epochs, global] = backend === 'webgpu' ? [3, 1] : [6, 2];
    await page.getByLabel('Hidden units', { exact: true }).fill(backend === 'webgpu' ? '16' : '100');
    await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
    await switches.getByLabel('Global-kernel epochs').fill(String(global));
    await switches.getByLabel('Ensemble members').fill('2');
    await expect(page).toHaveURL(/model=plus/);
    await expect(page).toHaveURL(new RegExp(`global=${global}`));
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('status')).toContainText('finished', { timeout: 200_000 });
    await expect(page.getByTestId('readout-epoch')).toHaveText(`${epochs} · global kernel`);
    if (backend === 'webgpu') await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');
    const rows = await page.getByTestId('epoch-table').locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        valid: Number(tr.querySelector('[data-testid="validRmse"]')?.getAttribute('data-value')),
        test: Number(tr.querySelector('[data-testid="testRmse"]')?.getAttribute('data-value')),
      })),
    );
    expect(rows).toHaveLength(epochs);
    for (const r of rows) expect(Number.isFinite(r.valid) && Number.isFinite(r.test)).toBe(true);
    const best = rows.reduce((b, r) => (r.valid < b.valid ? r : b));
    const kept = page.getByTestId('readout-kept');
    expect(Number(await kept.getAttribute('data-value')), 'the figure: test RMSE where validation is lowest').toBe(best.test);
    // the chart marks where the global stage began (after epoch epochs - global), on the RMSE panel and the loss panel
    await expect(page.locator('.stage-start').first()).toContainText('global kernel from here');
    if (backend === 'auto') await page.locator('.controls').screenshot({ path: `${SHOTS}/17-plus-controls.png` });
    if (backend === 'auto') await page.getByTestId('chart').screenshot({ path: `${SHOTS}/17-plus-chart.png` });
  });
}
