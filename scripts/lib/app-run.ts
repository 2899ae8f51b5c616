// One training run through the real app (built, served, in headless Chromium): shared by bench and bench:peer.
import { resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import type { BackendChoice, TrainConfig } from '../../src/config/config';
import { configToQuery } from '../../src/config/settings';

export interface AppRunInput {
  url: string;
  config: TrainConfig;
  backend: BackendChoice;
  /** A ratings file; the demo data when absent. */
  data?: string;
  /** A second file used as the test set (split 'file'). */
  test?: string;
  timeoutMs: number;
}

export interface AppRunResult {
  backend: string;
  adapter: string;
  /** 'fused' or 'ops' (RunInfo.step). */
  step: string;
  compute: string;
  dataset: string;
  /** Ratings the run trained on, held out for validation and for test (the dataset panel's "This run"). */
  trainRatings: number;
  validRatings: number;
  testRatings: number;
  /** CPU threads of the sparse kernels (wasm, cpu), as the backend badge says; null on GPU backends. */
  threads: number | null;
  epochs: number;
  msPerEpochMedian: number;
  msPerEpochMin: number;
  /** Oldest epoch first. */
  msPerEpoch: number[];
  finalTestRmse: number;
  /** Training loss of each epoch, oldest first, as the app shows it (to compare runs on different thread counts). */
  trainLoss: number[];
  /** The lowest test RMSE of any epoch: chosen on the test set, so optimistic; for comparison with the peer, which prints it. */
  lowestTestRmse: number;
  peakTensors: number;
  gpuBytes: number | null;
  /** Bytes of live tensors after the last epoch, and the wasm backend's memory (its peak), in the worker. */
  tensorBytes: number | null;
  wasmHeapBytes: number | null;
  pageHeapBytes: number | null;
}

export async function runInApp(browser: Browser, run: AppRunInput): Promise<AppRunResult | { backend: string; error: string }> {
  const page = await browser.newPage();
  try {
    const config = { ...run.config, split: run.test ? 'file' : run.config.split };
    await page.goto(`${run.url}?${configToQuery(config, run.backend)}`);
    if (run.data) await page.getByLabel('Choose a ratings file').setInputFiles(resolve(run.data));
    else await page.getByRole('button', { name: 'Use demo data' }).click();
    await page.getByTestId('dataset-summary').waitFor({ state: 'attached', timeout: 10 * 60_000 }) // in the data line's closed summary;
    if (run.test) {
      await page.getByLabel('Split', { exact: true }).selectOption('file');
      await page.getByLabel('Choose a test ratings file').setInputFiles(resolve(run.test));
      await page.getByTestId('test-file').waitFor({ timeout: 10 * 60_000 });
    }
    const dataset = (await page.getByTestId('dataset-summary').locator('dd').first().textContent()) ?? '';
    // A fresh profile installs the app's service worker (precaching every file of the app: about 1.5 s of CPU) while
    // the page opens: a run started meanwhile shares the cores with it, which a user's later visits do not. Waits for
    // it to be active (at most 30 s; a build without one goes on at once).
    await page.evaluate(() =>
      'serviceWorker' in navigator
        ? Promise.race([navigator.serviceWorker.ready.then(() => undefined), new Promise<void>((r) => setTimeout(r, 30_000))])
        : undefined,
    );
    await page.getByRole('button', { name: 'Start' }).click();
    const done = page.getByTestId('status').filter({ hasText: /finished|stopped/ });
    const failed = page.getByRole('alert');
    await Promise.race([done.waitFor({ timeout: run.timeoutMs }), failed.waitFor({ timeout: run.timeoutMs })]);
    if (await failed.isVisible()) return { backend: run.backend, error: (await failed.textContent()) ?? 'error' };
    const rows = await page.getByTestId('epoch-table').locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        ms: Number(tr.querySelector('[data-testid="ms"]')?.getAttribute('data-value')),
        testRmse: Number(tr.querySelector('[data-testid="testRmse"]')?.getAttribute('data-value')),
        trainLoss: Number(tr.querySelector('[data-testid="trainLoss"]')?.getAttribute('data-value')),
        tensors: Number(tr.getAttribute('data-tensors')),
        gpuBytes: Number(tr.getAttribute('data-gpu-bytes') ?? NaN),
        tensorBytes: Number(tr.getAttribute('data-tensor-bytes') ?? NaN),
        wasmHeapBytes: Number(tr.getAttribute('data-wasm-heap-bytes') ?? NaN),
      })),
    );
    rows.reverse(); // the table lists the newest epoch first
    const counts = page.getByTestId('split');
    const count = async (k: string) => Number(await counts.getAttribute(`data-${k}`));
    const badge = page.getByTestId('backend');
    const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
    const last = rows[rows.length - 1];
    return {
      backend: (await badge.getAttribute('data-backend')) ?? run.backend,
      adapter: ((await badge.textContent()) ?? '').replace(/^Backend:\s*\S+\s*·\s*/, ''),
      compute: (await page.getByTestId('compute').getAttribute('data-value')) ?? run.config.compute,
      step: (await page.getByTestId('compute').getAttribute('data-step')) ?? 'ops',
      dataset,
      trainRatings: await count('train'),
      validRatings: await count('valid'),
      testRatings: await count('test'),
      threads: (await page.getByTestId('backend-threads').count()) ? Number(await page.getByTestId('backend-threads').getAttribute('data-threads')) : null,
      epochs: rows.length,
      msPerEpochMedian: Math.round(ms[Math.floor(ms.length / 2)]),
      msPerEpochMin: Math.round(ms[0]),
      msPerEpoch: rows.map((r) => Math.round(r.ms)),
      finalTestRmse: last?.testRmse,
      trainLoss: rows.map((r) => r.trainLoss),
      lowestTestRmse: Math.min(...rows.map((r) => r.testRmse)),
      peakTensors: Math.max(...rows.map((r) => r.tensors)),
      gpuBytes: Number.isFinite(last?.gpuBytes) ? last.gpuBytes : null,
      tensorBytes: Number.isFinite(last?.tensorBytes) ? last.tensorBytes : null,
      wasmHeapBytes: Number.isFinite(last?.wasmHeapBytes) ? last.wasmHeapBytes : null,
      pageHeapBytes: await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null),
    };
  } finally {
    await page.close();
  }
}
