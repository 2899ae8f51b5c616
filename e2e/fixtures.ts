import { expect, type Page } from '@playwright/test';
import { generateDemo, toUDataText } from '../src/data/demo';

/** A small MovieLens-100K-format file made here, so tests need no downloaded data. */
export function smallUData(users = 60, items = 48, ratings = 900, seed = 11) {
  const text = toUDataText(generateDemo({ users, items, ratings, seed }));
  return { name: 'u.data', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') };
}

export const SHOTS = 'e2e/artifacts';

/** Small-model settings a person would pick for tiny data: they train in seconds even on a software GPU. */
export async function smallModel(page: Page, epochs: number) {
  await page.getByLabel('Hidden units', { exact: true }).fill('16');
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByLabel('Batch size').selectOption('32');
  await page.getByLabel('Learning rate', { exact: true }).fill('-2'); // log10 scale: 1e-2
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveAttribute('aria-valuetext', '1.0e-2');
}

/**
 * Trains the loaded data on `backend` with `compute` (the other settings as set) and returns the epoch
 * table's full-precision values per epoch, oldest first: [epoch, train loss, train RMSE, test RMSE, test MAE].
 */
export async function runOn(page: Page, backend: string, compute = 'auto'): Promise<number[][]> {
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
