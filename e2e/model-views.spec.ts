import { existsSync, readFileSync } from 'node:fs';
import { expect, openTab, SHOTS, smallModel, test } from './fixtures';

const ML100K = '../shared/data/ml-100k';
const file = (name: string, mimeType = 'text/plain') => ({ name, mimeType, buffer: readFileSync(`${ML100K}/${name}`) });

test('the item map of ML-100K is coloured by genre, names items on hover and lists an item\'s neighbours; the network view moves with the epochs', async ({ page }) => {
  test.skip(!existsSync(`${ML100K}/u.data`) || !existsSync(`${ML100K}/u.item`), `MovieLens 100K is not in ${ML100K} (the real data is never committed)`);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: [file('u.data'), file('u.item')] });
  await expect(page.getByTestId('dataset-summary')).toContainText('1,682');
  // long enough (a few seconds) that the views made during the run are seen before its last one: 6 epochs
  // once took that long here, and now end before the page has read the first view
  await smallModel(page, 40);
  await page.getByLabel('Hidden units', { exact: true }).fill('32');
  await page.getByRole('button', { name: 'Start' }).click();

  // The views arrive during the run, and move.
  await openTab(page, 'Network');
  const net = page.getByTestId('network-view');
  await expect(net).toBeVisible();
  const early = Number(await net.getAttribute('data-epoch'));
  const earlyStd = await page.getByTestId('hist-weights-hidden-1').getAttribute('data-std');
  await expect(page.getByTestId('status')).toContainText('finished');
  await expect(net).not.toHaveAttribute('data-epoch', String(early));
  expect(await page.getByTestId('hist-weights-hidden-1').getAttribute('data-std')).not.toBe(earlyStd);
  await expect(net).toContainText('hidden 1 · 32');
  await expect(net).toContainText('input · 943');
  await expect(net).toContainText('output · 943');
  await expect(net).toContainText('dropout 0.05');

  await openTab(page, 'Item map');
  const map = page.getByTestId('item-map');
  await expect(map).toHaveAttribute('data-items', '1682');
  await expect(map.getByRole('button', { name: 'Drama' })).toBeVisible();
  await expect(map.getByRole('button', { name: 'Film-Noir' })).toBeVisible();

  // Hover: sweep the middle of the map until a title shows.
  const canvas = page.getByTestId('item-map-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  let found = false;
  for (let dy = 0; dy < box.height * 0.6 && !found; dy += 8) {
    for (let dx = 0; dx < box.width * 0.6 && !found; dx += 8) {
      await page.mouse.move(box.x + box.width * 0.2 + dx, box.y + box.height * 0.2 + dy);
      found = await page.getByTestId('map-tip').isVisible();
    }
  }
  expect(found, 'some point names its item on hover').toBe(true);
  await expect(page.getByTestId('map-tip')).toContainText('training ratings');
  await page.mouse.down();
  await page.mouse.up();
  const near = page.getByTestId('neighbours');
  await expect(near).toContainText('People who liked');
  await expect(near.locator('li')).toHaveCount(10);
  await map.screenshot({ path: `${SHOTS}/16-item-map-ml100k.png` });
  await map.getByRole('button', { name: 'Horror' }).click();
  await map.screenshot({ path: `${SHOTS}/16-item-map-ml100k-horror.png` });
  await openTab(page, 'Network');
  await net.screenshot({ path: `${SHOTS}/16-network-view.png` });
});
