import type { Locator, Page } from '@playwright/test';
import { expect, openTab, SHOTS, smallModel, smallUData, test } from './fixtures';

async function trainSmall(page: Page, epochs = 3) {
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await expect(page.getByTestId('data-line')).toBeVisible();
  await smallModel(page, epochs);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
}

async function ask(page: Page, user: number, minRatings?: number) {
  await openTab(page, 'Recommendations');
  await page.getByLabel('User id').fill(String(user));
  await page.getByLabel('Minimum ratings per recommended item').fill(minRatings === undefined ? '' : String(minRatings));
  await page.getByRole('button', { name: 'Recommend' }).click();
}

/** The table's rows as the person sees them: title (without the held-out mark), and the other cells. */
const rowsOf = (table: Locator) =>
  table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const title = tr.querySelector('td.title');
      return {
        item: tr.getAttribute('data-item'),
        title: title?.firstChild?.textContent ?? '',
        mark: title?.querySelector('[data-testid="held-out-mark"]')?.textContent ?? null,
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
        ratings: Number(tr.querySelector('[data-testid="train-ratings"]')?.textContent ?? NaN),
      };
    }),
  );

test('a recommended movie that is in the user\'s held-out ratings is marked with that rating', async ({ page }) => {
  await trainSmall(page);
  let found = 0;
  for (let user = 1; user <= 60 && found === 0; user++) {
    await ask(page, user, 0);
    await expect(page.getByTestId('top-n')).toContainText(`for user ${user}`);
    const [top, heldOut] = await Promise.all([rowsOf(page.getByTestId('top-n')), rowsOf(page.getByTestId('held-out'))]);
    const rated = new Map(heldOut.map((r) => [r.item, r.cells[1]])); // movie, rated, predicted
    for (const r of top) {
      // every top row is marked exactly when the movie is among the held-out ones, with its held-out rating
      expect(r.mark, `user ${user}, ${r.title}`).toBe(rated.has(r.item) ? `held out: rated ${rated.get(r.item)}` : null);
      if (rated.has(r.item)) found++;
    }
  }
  expect(found, 'some user has a held-out movie among the top 10').toBeGreaterThan(0);
  await expect(page.getByTestId('held-out-mark').first()).toBeVisible();
  await page.getByTestId('top-n').scrollIntoViewIfNeeded();
  await page.locator('.recommend').screenshot({ path: `${SHOTS}/20-recommend-held-out-mark.png` });
});

test('tables sit at the top with natural rows; an unknown user clears the previous user\'s tables', async ({ page }) => {
  await trainSmall(page);
  await ask(page, 1);
  const top = page.getByTestId('top-n');
  const heldOut = page.getByTestId('held-out');
  await expect(top).toContainText('for user 1');
  await expect(page.getByTestId('rec-note')).toContainText('Predictions are clipped to the rating scale 1–5; the list is ranked by the unclipped prediction');
  // Top-10 and held-out tables side by side: each as tall as its own rows, not stretched to the other's.
  const topRows = await top.locator('tbody tr').count();
  const heldRows = await heldOut.locator('tbody tr').count();
  expect(topRows).toBe(10);
  expect(heldRows).toBeLessThan(topRows);
  const [tb, hb] = [await top.boundingBox(), await heldOut.boundingBox()];
  expect(tb!.y).toBeCloseTo(hb!.y, 0);
  expect(hb!.height).toBeLessThan(tb!.height - 40);
  for (const row of await heldOut.locator('tbody tr').all()) expect((await row.boundingBox())!.height, 'a held-out row, not stretched').toBeLessThan(40);

  await ask(page, 424242);
  await expect(page.getByRole('alert')).toContainText('no user 424242');
  await expect(top).toHaveCount(0);
  await expect(heldOut).toHaveCount(0);

  await ask(page, 2);
  await expect(top).toContainText('for user 2');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('the minimum ratings per recommended item changes the list, and says what it is', async ({ page }) => {
  await trainSmall(page);
  await ask(page, 3);
  const note = page.getByTestId('rec-note');
  await expect(note).toContainText(/Only items with at least \d+ training ratings are recommended \(\d+ items, the default for this data\)/);
  const byDefault = Number((await note.textContent())!.match(/at least (\d+)/)![1]);
  expect(byDefault).toBeGreaterThan(0);
  expect(byDefault).toBeLessThanOrEqual(20);

  await ask(page, 3, 0);
  await expect(note).toContainText('at least 0 training ratings');
  const all = await rowsOf(page.getByTestId('top-n'));
  expect(all).toHaveLength(10);
  const least = Math.min(...all.map((r) => r.ratings));
  // One more than the least-rated recommended item has: that item (at least) leaves the list.
  await ask(page, 3, least + 1);
  await expect(note).toContainText(`at least ${least + 1} training ratings`);
  const filtered = await rowsOf(page.getByTestId('top-n'));
  for (const r of filtered) expect(r.ratings, r.title).toBeGreaterThanOrEqual(least + 1);
  const gone = all.filter((r) => r.ratings === least).map((r) => r.item);
  expect(filtered.map((r) => r.item)).not.toContain(gone[0]);
  await expect(note).toContainText(`the default for this data is ${byDefault}`);
});

test('the top list is ranked by the unclipped prediction; one above the top of the scale reads 5.00+', async ({ page }) => {
  // the default network (500 hidden units) for 30 epochs: some predictions of this small data pass the top of the scale
  await page.goto('/?epochs=30&batch=32');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await expect(page.getByTestId('data-line')).toBeVisible();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished', { timeout: 60_000 });
  let above = 0;
  for (let user = 1; user <= 20 && above === 0; user++) {
    await ask(page, user, 0);
    await expect(page.getByTestId('top-n')).toContainText(`for user ${user}`);
    const cells = page.getByTestId('top-n').getByTestId('predicted');
    const rows = await cells.evaluateAll((tds) => tds.map((td) => ({ text: td.textContent ?? '', score: Number(td.getAttribute('data-score')) })));
    expect(rows).toHaveLength(10);
    for (let k = 1; k < rows.length; k++) expect(rows[k].score, `user ${user}, rank ${k + 1}`).toBeLessThanOrEqual(rows[k - 1].score);
    for (const r of rows) expect(r.text).toBe(r.score > 5 ? '5.00+' : Math.max(1, r.score).toFixed(2));
    above += rows.filter((r) => r.score > 5).length;
  }
  expect(above, 'some recommended items are predicted above 5 (and keep their unclipped order)').toBeGreaterThan(0);
  await page.locator('.recommend').screenshot({ path: `${SHOTS}/27-recommend-above-top.png` });
});

test('each recommendation says why: the user\'s liked ratings nearest it in the model\'s item space', async ({ page }) => {
  await trainSmall(page);
  await ask(page, 1, 0);
  await expect(page.getByTestId('top-n')).toContainText('for user 1');
  const rows = await rowsOf(page.getByTestId('top-n'));
  const because = await page.getByTestId('top-n').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelector('[data-testid="because"]')?.textContent ?? ''));
  expect(because).toHaveLength(10);
  const top = new Set(rows.map((r) => r.title));
  because.forEach((text, k) => {
    const reasons = [...text.matchAll(/(item \d+) \((\d(?:\.\d)?)\)/g)];
    expect(text, `row ${k + 1}`).toMatch(/^because you liked /);
    expect(reasons.length, `row ${k + 1}: ${text}`).toBeGreaterThanOrEqual(1);
    expect(reasons.length).toBeLessThanOrEqual(3);
    // the reasons are the user's own training ratings: never an item the list recommends (those are unrated)
    for (const [, title] of reasons) expect(top.has(title), `${title} in row ${k + 1}'s reasons is rated, not recommended`).toBe(false);
  });
  await page.locator('.recommend').screenshot({ path: `${SHOTS}/27-recommend-because.png` });
});
