import { expect, SHOTS, smallModel, smallUData, test } from './fixtures';

// The app makes no request beyond its own origin: every test checks that (./fixtures).
test('drop a ratings file, train on WebGPU in the worker, watch the chart grow', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'AutoRec Studio' })).toBeVisible();

  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await expect(page.getByTestId('rating-count')).toHaveText(/^\d[\d,]*$/);
  await expect(page.getByTestId('dataset-summary')).toContainText('u.data');

  await smallModel(page, 5);
  await expect(page.getByLabel('Hidden units', { exact: true })).toHaveValue('16');
  await page.screenshot({ path: `${SHOTS}/01-loaded.png` });

  await page.getByLabel('Backend').selectOption('webgpu');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');
  await expect(page.getByTestId('backend')).toContainText('webgpu');

  const dots = page.locator('[data-testid="chart"] .test-rmse-dot');
  await expect.poll(async () => dots.count(), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  const rmses = (await page.getByTestId('testRmse').allTextContents()).map(Number);
  expect(rmses.length).toBeGreaterThanOrEqual(3);
  for (const r of rmses) {
    expect(Number.isFinite(r)).toBe(true);
    expect(r).toBeGreaterThan(0);
    expect(r).toBeLessThan(5);
  }
  await expect(page.getByTestId('status')).toContainText('finished', { timeout: 120_000 });
  await expect(dots).toHaveCount(5);
  await page.screenshot({ path: `${SHOTS}/02-trained.png`, fullPage: true });
});

test('the built-in demo data loads and a broken file is reported with its line', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  const bad = Buffer.from('1\t2\t5\t881250949\n1\t3\tfive\t881250950\n', 'utf8');
  await page.getByTestId('dropzone').drop({ files: { name: 'bad.data', mimeType: 'text/plain', buffer: bad } });
  await expect(page.getByRole('alert')).toContainText('line 2');
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await page.screenshot({ path: `${SHOTS}/03-bad-file.png` });
});

test("'auto' trains on wasm where the WebGPU adapter is software (a fast path), else on what it measured faster, and says why", async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await smallModel(page, 2);
  await expect(page.getByLabel('Backend')).toHaveValue('auto');
  const software = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    const info = a?.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
    return !!info && (info.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe|software/i.test(`${info.vendor} ${info.architecture} ${info.description}`));
  });
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', software ? 'wasm' : /^(webgpu|wasm)$/);
  await expect(page.getByTestId('backend-note')).toContainText(software ? 'software adapter' : 'auto measured');
  await expect(page.getByTestId('compute')).toContainText('sparse (observed entries only) · auto: 31.5% of entries observed');
  // The memory the run needs, by part, against what the backend allows.
  await expect(page.getByTestId('memory')).toContainText(/weights \d+ KiB, the kept epoch's weights \d+ KiB, optimizer \d+ KiB, gradients and batch \d+ KiB/);
  await expect(page.getByTestId('memory')).toContainText(software ? 'of the 4096 MiB this backend can hold' : "of the GPU's");
});

test("'auto' measures this run's training steps on webgpu and wasm, trains on the faster, says the figures, and remembers", async ({ page }) => {
  // On this machine's software adapter 'auto' takes its fast path; the test hook makes it measure as on a real GPU.
  await page.goto('/?testHooks&measureBackends');
  await page.getByTestId('dropzone').drop({ files: smallUData(120, 96, 3000) });
  await smallModel(page, 2);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  const note = page.getByTestId('backend-note');
  await expect(note).toContainText(/auto measured this run's training steps: webgpu [\d.]+ ms\/step, wasm [\d.]+ ms\/step: (webgpu|wasm)/);
  const text = (await note.textContent()) ?? '';
  const [webgpu, wasm] = [/webgpu ([\d.]+) ms/, /wasm ([\d.]+) ms/].map((re) => Number(re.exec(text)?.[1]));
  const faster = webgpu < wasm ? 'webgpu' : 'wasm';
  expect(text).toContain(`: ${faster}`);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', faster);
  await page.screenshot({ path: `${SHOTS}/14-auto-measured.png` });
  console.log(`[auto] ${text.trim()}`);
  // The next run on this page starts on the same backend at once, without measuring again.
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', faster);
});
