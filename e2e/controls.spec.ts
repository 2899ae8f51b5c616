import type { Page } from '@playwright/test';
import { expect, moreSettings, SHOTS, smallModel, smallUData, test } from './fixtures';

const points = (page: Page) => page.locator('[data-testid="chart"] .test-rmse-dot');
const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
type Choice = (typeof BACKEND_CHOICES)[number];

/**
 * Per backend, a model on the demo data (943 users x 1682 items, 100k ratings) whose epochs last hundreds of
 * milliseconds on this project's machine (2 cores, SwiftShader for WebGPU and WebGL): long enough that a
 * Pause, Step or Stop the worker does not read while it trains shows as extra epochs, short enough that the
 * test stays under ~40 s. `auto` picks wasm on a software adapter, WebGPU on a real GPU.
 */
const MODEL: Record<Choice, { hidden: number; batch: number }> = {
  auto: { hidden: 1000, batch: 256 }, // wasm here (sparse): ~250 ms an epoch
  wasm: { hidden: 1000, batch: 256 },
  cpu: { hidden: 300, batch: 256 }, // the fused step: ~80 ms (at 1000 the run's end, its ranking through tfjs's JavaScript ops, took over 10 s)
  webgpu: { hidden: 32, batch: 256 }, // sparse on SwiftShader: ~500 ms (~1.3 s at 100 hidden)
  webgl: { hidden: 16, batch: 1024 }, // dense on SwiftShader: ~1 s (~2 s at 32 hidden, 3-6 s at 100 hidden, batch 256)
};
const LR_BEFORE = 1e-2; // slider at -2 (log10)
const LR_AFTER = 10 ** -2.5; // slider at -2.5: shown as 3.2e-3

/** [epoch, learning rate, ms] per epoch row, oldest first. */
async function epochRows(page: Page): Promise<{ epoch: number; learningRate: number; ms: number; tensors: string | null; gpuBytes: string | null }[]> {
  const rows = await page.getByTestId('epoch-table').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const cell = (id: string) => tr.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value');
      return { epoch: Number(cell('epoch')), learningRate: Number(cell('learningRate') ?? NaN), ms: Number(cell('ms')), tensors: tr.getAttribute('data-tensors'), gpuBytes: tr.getAttribute('data-gpu-bytes') };
    }),
  );
  return rows.reverse(); // the table lists the newest epoch first
}

const statusNumber = async (page: Page, re: RegExp) => Number(re.exec((await page.getByTestId('status').textContent()) ?? '')?.[1]);

for (const choice of BACKEND_CHOICES) {
  test(`pause, step, resume, stop and reset a run like a person would (${choice})`, async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    const started = Date.now();
    await page.goto('/');
    await page.getByRole('button', { name: 'Use demo data' }).click();
    await expect(page.getByTestId('dataset-summary')).toContainText('demo');
    await page.getByLabel('Hidden units', { exact: true }).fill(String(MODEL[choice].hidden));
    await moreSettings(page);
    await page.getByLabel('Batch size').selectOption(String(MODEL[choice].batch));
    await page.getByLabel('Epochs', { exact: true }).fill('200'); // far more than the test lets it train
    await page.getByLabel('Learning rate', { exact: true }).fill('-2');
    await expect(page.getByLabel('Learning rate', { exact: true })).toHaveAttribute('aria-valuetext', '1.0e-2');
    await page.getByLabel('Backend').selectOption(choice);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('status')).toContainText('Training', { timeout: 60_000 });
    const ran = (await page.getByTestId('backend').getAttribute('data-backend')) ?? '?';
    if (choice !== 'auto') expect(ran).toBe(choice);
    await expect.poll(() => points(page).count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    // An epoch's length on this backend: how long to watch for a chart that should not grow.
    const epochMs = (await epochRows(page)).at(-1)!.ms; // the latest: the first epoch also compiles shaders
    const hold = Math.min(Math.max(1500, 2.5 * epochMs), 8000);
    const settle = { timeout: Math.max(10_000, 4 * epochMs) };

    // Pause: takes effect within the epoch (the status may say where: "(in epoch M, batch b of B)")
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('status'), 'Pause is read by the worker while it trains').toContainText(/Paused after epoch \d+/, settle);
    const paused = await statusNumber(page, /Paused after epoch (\d+)/);
    await expect(points(page), 'the chart catches up with the last epoch (it redraws at most 4 times a second)').toHaveCount(paused);
    await page.waitForTimeout(hold);
    expect(await points(page).count(), 'the chart stops growing while paused').toBe(paused);
    await expect(page.getByTestId('status')).toContainText(`Paused after epoch ${paused}`);

    // Step: exactly one epoch more, then paused again
    await page.getByRole('button', { name: 'Step' }).click();
    await expect(points(page)).toHaveCount(paused + 1, settle);
    await expect(page.getByTestId('status')).toContainText(`Paused after epoch ${paused + 1}.`);
    await page.waitForTimeout(hold);
    expect(await points(page).count(), 'Step trains one epoch, not more').toBe(paused + 1);

    // the learning rate applies live; the other settings stay editable (a restart applies them)
    await expect(page.getByLabel('Hidden units', { exact: true })).toBeEnabled();
    await page.getByLabel('Learning rate', { exact: true }).fill('-2.5');
    await expect(page.getByLabel('Learning rate', { exact: true })).toHaveAttribute('aria-valuetext', '3.2e-3');

    // Resume: it grows again; Stop ends it early and it stays ended
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => points(page).count(), settle).toBeGreaterThanOrEqual(paused + 3);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('status'), 'Stop is read by the worker while it trains').toContainText(/Run stopped after \d+ epochs/, settle);
    const stopped = await statusNumber(page, /Run stopped after (\d+) epochs/);
    expect(stopped, 'stopped early').toBeLessThan(200);
    await expect(points(page)).toHaveCount(stopped);
    await page.waitForTimeout(hold);
    await expect(points(page)).toHaveCount(stopped);
    await expect(page.getByTestId('status')).toContainText(`Run stopped after ${stopped} epochs`);
    if (choice === 'webgpu') await page.screenshot({ path: `${SHOTS}/05-stopped.png` });

    // The epochs after Resume ran at the new learning rate (the table's learning-rate column), those before at the old one.
    const rows = await epochRows(page);
    expect(rows.map((r) => r.epoch)).toEqual(Array.from({ length: stopped }, (_, k) => k + 1));
    const rates = rows.map((r) => r.learningRate);
    const want = rows.map((r) => (r.epoch <= paused + 1 ? LR_BEFORE : LR_AFTER));
    expect(
      rates.every((lr, k) => Math.abs(lr - want[k]) <= 1e-3 * want[k]),
      `learning rate per epoch (paused after ${paused}, stepped to ${paused + 1}, then ${LR_AFTER.toExponential(2)}): ${rates.map((r) => r.toExponential(2)).join(' ')}`,
    ).toBe(true);

    if (ran === 'webgpu') {
      // tensors and GPU memory stay flat from epoch to epoch (the first epoch allocates): pausing mid-epoch leaks nothing
      const tensors = rows.slice(1).map((r) => r.tensors);
      expect(new Set(tensors).size, `tensor count per epoch on webgpu: ${tensors}`).toBe(1);
      // GPU bytes count tfjs's pool of freed buffers too. Besides the current weights the run holds the kept
      // epoch's (sharing that epoch's buffers), and the fused step gives the variables new buffers at an epoch's
      // end while the kept epoch may still hold the last ones: the pool settles within a few epochs, at most
      // one set of the parameters (two weight matrices of demo users x hidden floats, and the biases) above
      // epoch 2, whatever the pauses and whichever epochs are kept. A leak grows past that epoch after epoch.
      const gpuBytes = rows.slice(1).map((r) => Number(r.gpuBytes));
      expect(gpuBytes[0], 'GPU bytes are reported').toBeGreaterThan(0);
      const hidden = MODEL[choice].hidden;
      const parameters = 4 * (2 * 943 * hidden + hidden + 943);
      expect(Math.max(...gpuBytes) - gpuBytes[0], `GPU bytes per epoch on webgpu from epoch 2: ${gpuBytes}; the parameters ${parameters}`).toBeLessThanOrEqual(parameters);
    }

    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(points(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
    const ms = rows.map((r) => Math.round(r.ms));
    testInfo.annotations.push({ type: 'timing', description: `${choice} (ran ${ran}): ${stopped} epochs, ms per epoch ${ms.join(' ')}; test ${((Date.now() - started) / 1000).toFixed(1)} s` });
    console.log(`[controls ${choice}] ran ${ran}, paused after ${paused}, stopped after ${stopped}; ms per epoch ${ms.join(' ')}; test ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

test('a preset is one click away', async ({ page }) => {
  await page.goto('/');
  await moreSettings(page);
  await page.getByRole('button', { name: 'Accurate I-AutoRec' }).click();
  await expect(page.getByLabel('L2 penalty λ', { exact: true })).toHaveAttribute('aria-valuetext', '1.0e+1');
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('50');
  await expect(page.getByLabel('Hidden units', { exact: true })).toHaveValue('500');
});

test('a lost GPU is reported and the run continues from its last epoch on another backend', async ({ page }) => {
  await page.goto('/?testHooks');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  // no epoch cap (0): the run is still training when the device goes, however far the worker got meanwhile (on a
  // loaded machine the page's chart lags the worker: 120 epochs were once over before it showed 3)
  await smallModel(page, 0);
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
  await expect.poll(() => page.getByTestId('epoch').count()).toBeGreaterThan(from + 3);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('status')).toContainText(/Run stopped after \d+ epochs/);
  const total = await statusNumber(page, /Run stopped after (\d+) epochs/);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  const epochs = await page.getByTestId('epoch').allTextContents();
  expect(epochs.map(Number).reverse()).toEqual(Array.from({ length: total }, (_, k) => k + 1));
  await expect(points(page)).toHaveCount(total);
  const rmse = (await page.getByTestId('testRmse').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))))).reverse();
  expect(rmse[from], 'the resumed run starts from the checkpoint, not from scratch').toBeLessThan(rmse[0]);
});
