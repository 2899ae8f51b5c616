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
