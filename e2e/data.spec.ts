import { strToU8, zipSync } from 'fflate';
import { formats, itemsOf, rows, sample, fixtureTitle, titles } from '../src/testing/fixtures';
import type { Page } from '@playwright/test';
import { expect, openTab, SHOTS, smallModel, test } from './fixtures';

const data = rows(sample(60, 48, 900, 11));
// every 6th rating held out: all users and items also appear in training
const trainRows = data.filter((_, k) => k % 6 !== 0);
const testRows = data.filter((_, k) => k % 6 === 0);
/** The run's split: the training ratings (less the validation share carved from them) and the test ratings. */
async function expectSplit(page: Page, train: number, test: number) {
  const split = page.getByTestId('split');
  await expect(split).toHaveAttribute('data-test', String(test));
  const [t, v] = [Number(await split.getAttribute('data-train')), Number(await split.getAttribute('data-valid'))];
  expect(t + v, `train ${t} + validation ${v}: the training ratings`).toBe(train);
  expect(v, 'the default validation share (5%) is carved from the training ratings').toBeGreaterThan(0);
  await expect(split).toContainText(`${t} / ${v} / ${test}`);
}
const asFile = (name: string, bytes: Uint8Array) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });

test('a GroupLens-style zip loads with titles and its own u1 split, which trains', async ({ page }) => {
  const items = [...new Set(data.map((r) => r[1]))];
  const archive = zipSync({
    'ml-100k/u.data': strToU8(formats.udata(data)),
    'ml-100k/u.item': strToU8(items.map((i) => `${i}|Film ${i} (1997)|01-Jan-1997||x|0`).join('\n')),
    'ml-100k/u1.base': strToU8(formats.udata(trainRows)),
    'ml-100k/u1.test': strToU8(formats.udata(testRows)),
  });
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: asFile('ml-100k.zip', archive) });
  await expect(page.getByTestId('dataset-summary')).toContainText('ml-100k.zip › ml-100k/u.data');
  await expect(page.getByTestId('dataset-summary')).toContainText('Titles');
  await page.getByTestId('data-line').click(); // the data's one line opens to its summary
  await expect(page.getByRole('table', { name: 'Ratings histogram' })).toBeVisible();
  await page.getByLabel('Split', { exact: true }).selectOption('u1');
  await smallModel(page, 2);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  await expectSplit(page, trainRows.length, testRows.length);
  await page.screenshot({ path: `${SHOTS}/04-zip-u1-split.png`, fullPage: true });
});

test('a second file becomes the test set; unseen users are counted', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: asFile('train.csv', strToU8(formats.csv(trainRows))) });
  await expect(page.getByTestId('rating-count')).toHaveText(String(trainRows.length));
  await page.getByLabel('Split', { exact: true }).selectOption('file');
  const test = [...testRows, [999999, data[0][1], 4, 0] as (typeof data)[number]];
  await page.getByLabel('Choose a test ratings file').setInputFiles(asFile('test.csv', strToU8(formats.csv(test))));
  await expect(page.getByTestId('test-file')).toContainText(`test.csv: ${test.length} test ratings; 1 by users and 0 of items not in the training file`);
  await smallModel(page, 2);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  await expectSplit(page, trainRows.length, test.length);
});

test('a test file chosen after a run asks first too: Keep leaves the model; Replace makes it the test set', async ({ page }) => {
  await page.goto('/?epochs=2');
  await page.getByTestId('dropzone').drop({ files: asFile('train.csv', strToU8(formats.csv(trainRows))) });
  await expect(page.getByTestId('rating-count')).toHaveText(String(trainRows.length));
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  const epochRows = page.getByTestId('epoch-table').locator('tbody tr');
  await expect(epochRows).toHaveCount(2);
  await page.getByLabel('Split', { exact: true }).selectOption('file');
  const choose = () => page.getByLabel('Choose a test ratings file').setInputFiles(asFile('test.csv', strToU8(formats.csv(testRows))));
  const question = page.getByRole('alertdialog');
  await choose();
  await expect(question).toHaveAccessibleName(`Replace train.csv (${trainRows.length} ratings) and its model trained 2 epochs with test.csv as the test set?`);
  await question.getByRole('button', { name: 'Keep train.csv' }).click();
  await expect(question).toBeHidden();
  await expect(epochRows).toHaveCount(2);
  await expect(page.getByTestId('test-file')).toHaveCount(0);
  await choose();
  await question.getByRole('button', { name: 'Replace', exact: true }).click();
  await expect(page.getByTestId('test-file')).toContainText(`test.csv: ${testRows.length} test ratings`);
  await expect(epochRows).toHaveCount(0);
});

// Several files at once, recognised by content (src/data/read/files.ts). The files are made here, MovieLens-shaped.
const items = itemsOf(data);

test('ratings.dat + movies.dat dropped together: recommendations show titles', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: [asFile('movies.dat', titles.moviesDat(items)), asFile('ratings.dat', strToU8(formats.dat(data)))] });
  const summary = page.getByTestId('dataset-summary');
  await expect(summary).toContainText('ratings.dat');
  await expect(summary).toContainText(`Titles${items.length}`);
  await page.getByTestId('data-line').click();
  await expect(page.getByText(`titles from movies.dat (movies.dat-style ('::'-separated)): ${items.length} of ${items.length} items named`)).toBeVisible();
  await smallModel(page, 3);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  await openTab(page, 'Recommendations');
  await page.getByLabel('User id').fill(String(data[0][0]));
  await page.getByRole('button', { name: 'Recommend' }).click();
  const rows = page.getByTestId('top-n').locator('tbody tr[data-item]');
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    const item = Number(await row.getAttribute('data-item'));
    await expect(row.locator('td.title')).toContainText(fixtureTitle(item)); // latin-1 "Café, "Film" N (1995)", not "item N"
  }
  await page.screenshot({ path: `${SHOTS}/30-ratings-and-titles.png`, fullPage: true });
});

test("a ';'-separated export with decimal commas loads and trains", async ({ page }) => {
  const half = rows(sample(60, 48, 900, 11), true);
  const text = ['userId;movieId;rating;timestamp', ...half.map(([u, i, r, t]) => `${u};${i};${String(r).replace('.', ',')};${t}`)].join('\r\n');
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: asFile('export.csv', strToU8(text)) });
  await expect(page.getByTestId('dataset-summary')).toContainText("';'-separated with header (userId, movieId, rating)");
  await expect(page.getByTestId('rating-count')).toHaveText(String(half.length));
  await expect(page.getByTestId('dataset-summary')).toContainText(`${Math.min(...half.map((r) => r[2]))} – 5`);
  await smallModel(page, 2);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
});

test('u1.base + u1.test chosen together: the test file is recognised; titles dropped later attach and keep it', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Choose a ratings file').setInputFiles([asFile('u1.test', strToU8(formats.udata(testRows))), asFile('u1.base', strToU8(formats.udata(trainRows)))]);
  await expect(page.getByTestId('rating-count')).toHaveText(String(trainRows.length));
  await page.getByTestId('data-line').click();
  await expect(page.getByText('u1.test: the test set (named as a test file)')).toBeVisible();
  await expect(page.getByLabel('Split', { exact: true }), 'the split switches to the file that came with the data').toHaveValue('file');
  await expect(page.getByTestId('test-file')).toContainText(`u1.test: ${testRows.length} test ratings`);
  await page.getByTestId('dropzone').drop({ files: asFile('movies.csv', titles.moviesCsv(items)) });
  await expect(page.getByTestId('dataset-summary')).toContainText(`Titles${items.length}`);
  await expect(page.getByTestId('rating-count')).toHaveText(String(trainRows.length));
  await expect(page.getByTestId('test-file')).toContainText(`u1.test: ${testRows.length} test ratings`);
});

// Nothing lost by a drop (issue 26): new data asks before it replaces a trained model (src/ui/state/replace-question.ts).
/** n ratings of 1..5 as a ratings.csv (header first, so rating k is on line k + 2), with `odd` ratings at the given 0-based rows. */
const csvOf = (n: number, odd: Record<number, number> = {}) =>
  strToU8(['userId,movieId,rating', ...Array.from({ length: n }, (_, k) => `${1 + (k % 9)},${1 + Math.floor(k / 9)},${odd[k] ?? 1 + (k % 5)}`)].join('\n') + '\n');

test('a file chosen after a run asks first: Keep (button or Escape) keeps the data, the model and its epochs; Replace loads it', async ({ page }) => {
  await page.goto('/?epochs=2');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  const summary = page.getByTestId('dataset-summary');
  await expect(summary).toContainText('demo');
  const ratings = (await page.getByTestId('rating-count').textContent())!;
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  const epochRows = page.getByTestId('epoch-table').locator('tbody tr');
  await expect(epochRows).toHaveCount(2);

  await openTab(page, 'Model file'); // where Save model says the trained model is still there
  const choose = () => page.getByLabel('Choose a ratings file').setInputFiles(asFile('ratings.csv', csvOf(300)));
  const question = page.getByRole('alertdialog');
  const kept = async () => {
    await expect(question).toBeHidden();
    await expect(summary).toContainText('demo');
    await expect(page.getByTestId('rating-count')).toHaveText(ratings);
    await expect(epochRows).toHaveCount(2);
    await expect(page.getByRole('button', { name: 'Save model' })).toBeEnabled();
  };
  await choose();
  await expect(question).toHaveAccessibleName(`Replace the demo data (${ratings} ratings) and its model trained 2 epochs with ratings.csv?`);
  await expect(question.getByRole('button', { name: 'Keep the demo data' }), 'the focus is on the choice that loses nothing').toBeFocused();
  await page.locator('.area-data').screenshot({ path: `${SHOTS}/40-replace-question.png` });
  await page.keyboard.press('Escape');
  await kept();
  await choose();
  await question.getByRole('button', { name: 'Keep the demo data' }).click();
  await kept();

  await choose();
  await question.getByRole('button', { name: 'Replace', exact: true }).click();
  await expect(question).toBeHidden();
  await expect(summary).toContainText('ratings.csv');
  await expect(page.getByTestId('rating-count')).toHaveText('300');
  await expect(epochRows).toHaveCount(0);
  // nothing trained now: the demo data loads at once, without a question
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(summary).toContainText('demo');
  await expect(question).toBeHidden();
});

test('one rating 6 among 70 ratings on 1–5: left out, named with its line, the scale stays 1–5', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Choose a ratings file').setInputFiles(asFile('ratings.csv', csvOf(71, { 36: 6 })));
  await expect(page.getByTestId('off-scale')).toHaveText('ratings.csv: line 38: rating 6 is outside the 1\u20135 scale of the other 70 ratings; left out');
  await expect(page.getByTestId('rating-count')).toHaveText('70');
  await expect(page.getByTestId('dataset-summary')).toContainText('Scale1 – 5');
  await page.locator('.area-data').screenshot({ path: `${SHOTS}/41-rating-off-scale.png` });
});

test('a Tune result is asked about too, but only while its data is loaded', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Choose a ratings file').setInputFiles(asFile('first.csv', strToU8(formats.csv(data))));
  await expect(page.getByTestId('dataset-summary')).toContainText('first.csv');
  await openTab(page, 'Tune');
  const panel = page.getByTestId('tune-panel');
  await panel.getByLabel('budget (minutes)').fill('0');
  await panel.getByLabel('budget (trials)').fill('2');
  await panel.getByLabel('most epochs per trial').fill('2');
  await panel.getByLabel('hidden units to').fill('400');
  await panel.getByRole('button', { name: 'Start tuning' }).click();
  await expect(panel.getByTestId('tune-status')).toContainText('Tuning finished: 2 trials');
  await expect(panel.getByTestId('tune-of')).toHaveAttribute('data-stale', 'false');
  await expect(panel.getByTestId('tune-result')).toContainText('on first.csv');

  const question = page.getByRole('alertdialog');
  await page.getByLabel('Choose a ratings file').setInputFiles(asFile('ratings.csv', csvOf(300)));
  await expect(question).toHaveAccessibleName(`Replace first.csv (${data.length} ratings) and its Tune result (2 trials) with ratings.csv?`);
  await question.getByRole('button', { name: 'Replace', exact: true }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('ratings.csv');
  // the search stays on the page, greyed and named after its data; its export is named after that data and the day
  await expect(panel.getByTestId('tune-of')).toHaveAttribute('data-stale', 'true');
  await expect(panel.getByTestId('tune-other-data')).toContainText('This search ran on first.csv, not on the data loaded now (ratings.csv)');
  await panel.screenshot({ path: `${SHOTS}/27-tune-of-other-data.png` });
  const [csv] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export leaderboard CSV' }).click()]);
  expect(csv.suggestedFilename()).toBe(`first-tune-${new Date().toISOString().slice(0, 10)}.csv`);
  // the search's leaderboard stays on the page, but it is first.csv's: other data loads at once
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await expect(question).toBeHidden();
});
