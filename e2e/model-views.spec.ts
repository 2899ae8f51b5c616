import { existsSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, openTab, SHOTS, smallModel, test } from './fixtures';
import { GENRE_COLORS } from '../src/ui/panels/genre-colors';

const ML100K = '../shared/data/ml-100k';
const file = (name: string, mimeType = 'text/plain') => ({ name, mimeType, buffer: readFileSync(`${ML100K}/${name}`) });

/**
 * Where the item map's canvases and points sit in its frame, in pixels: how far each canvas is inside the frame's
 * border (top, right, bottom, left; negative: cut off), and how near the drawn points come to the canvas's edges
 * (in device pixels; 0: a point touches the edge and is cut there).
 */
async function mapFit(page: Page) {
  return page.getByTestId('map-frame').evaluate((f) => {
    const fr = f.getBoundingClientRect();
    const [top, left] = [fr.top + f.clientTop, fr.left + f.clientLeft];
    const canvases = [...f.querySelectorAll('canvas')];
    const inside = canvases.map((c) => {
      const r = c.getBoundingClientRect();
      return [r.top - top, left + f.clientWidth - r.right, top + f.clientHeight - r.bottom, r.left - left];
    });
    const base = canvases[0];
    const { data, width, height } = base.getContext('2d')!.getImageData(0, 0, base.width, base.height);
    let [x0, y0, x1, y1] = [width, height, -1, -1];
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        if (data[4 * (y * width + x) + 3] > 0) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    return { inside, margins: [y0, width - 1 - x1, height - 1 - y1, x0], drawn: x1 >= 0 };
  });
}

test('the item map keeps every point inside its frame, none cut at an edge', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await smallModel(page, 3);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  await openTab(page, 'Item map');
  const map = page.getByTestId('item-map');
  await map.scrollIntoViewIfNeeded();
  await expect(map).toHaveAttribute('data-epoch', '3');
  const fit = await mapFit(page);
  expect(fit.drawn).toBe(true);
  for (const side of fit.inside) for (const d of side) expect(d, `the canvases inside the frame's border (top, right, bottom, left): ${JSON.stringify(fit.inside)}`).toBeGreaterThanOrEqual(-0.5);
  // the far-out items are drawn at the edges (the map's scale leaves them there), whole
  for (const m of fit.margins) expect(m, `the points' distance to the canvas's edges (top, right, bottom, left): ${fit.margins}`).toBeGreaterThanOrEqual(1);
  await map.screenshot({ path: `${SHOTS}/16-item-map-demo.png` });
});

test('the item map of ML-100K is coloured by genre, names items on hover and lists an item\'s neighbours; the network view moves with the epochs', async ({ page }) => {
  test.skip(!existsSync(`${ML100K}/u.data`) || !existsSync(`${ML100K}/u.item`), `MovieLens 100K is not in ${ML100K} (the real data is never committed)`);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: [file('u.data'), file('u.item')] });
  await expect(page.getByTestId('dataset-summary')).toContainText('1,682');
  // long enough (a few seconds) that the views made during the run are seen before its last one (6 epochs once
  // took that long here; with the fused step 40 end before the page reads its first view), with the Network tab
  // open from the start. The view shows the kept epoch's weights: with a validation share they stop moving once
  // validation stops improving, which a fast run reached before the page read its first view (the same histogram at
  // both reads, once in CI); without one the last epoch is kept, and its weights move every epoch
  await smallModel(page, 300);
  await page.getByLabel('Validation share').fill('0');
  await expect(page.getByLabel('Validation share')).toHaveAttribute('aria-valuetext', 'off');
  await page.getByLabel('Hidden units', { exact: true }).fill('32');
  await openTab(page, 'Network');
  await page.getByRole('button', { name: 'Start' }).click();

  // The views arrive during the run, and move.
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
  // Colours a colour-blind person can tell apart (Okabe-Ito), one for each of the seven most common genres,
  // Drama's first; the other twelve grey, named as such.
  const swatches = await map.locator('.genre-chip .swatch').evaluateAll((ss) => ss.map((s) => getComputedStyle(s).backgroundColor));
  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)).join(', ')})`;
  expect(swatches.slice(0, 7)).toEqual(GENRE_COLORS.map(rgb));
  expect(new Set(swatches.slice(7)).size).toBe(1);
  expect(swatches).toHaveLength(19);
  await expect(map.locator('.genre-chip').first()).toHaveText('Drama');
  await expect(map.getByText('grey on the map:')).toBeVisible();

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
  const fit = await mapFit(page);
  for (const m of [...fit.inside.flat(), ...fit.margins]) expect(m, `the map inside its frame: ${JSON.stringify(fit)}`).toBeGreaterThanOrEqual(0);
  await map.getByRole('button', { name: 'Horror' }).click();
  await map.screenshot({ path: `${SHOTS}/16-item-map-ml100k-horror.png` });
  await openTab(page, 'Network');
  await net.screenshot({ path: `${SHOTS}/16-network-view.png` });
});
