import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { expect, openTab, recommend, SHOTS, smallModel, test } from './fixtures';

/** The demo data, a small model trained 3 epochs as a person sets it, and user 1's top 10 from it. */
async function demoRunTop10(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('data-line')).toBeVisible();
  await smallModel(page, 3);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  return recommend(page, 1);
}

test('a trained model is saved, the page reloaded, the model opened: the same top 10, with no ratings file loaded', async ({ page }) => {
  // Every message the page sends its worker, to show that after the reload no data is loaded but the model file.
  await page.addInitScript(() => {
    const sent: string[] = [];
    (window as unknown as { sentToWorker: string[] }).sentToWorker = sent;
    const post = Worker.prototype.postMessage as (this: Worker, ...args: unknown[]) => void;
    (Worker.prototype as unknown as { postMessage: (...args: unknown[]) => void }).postMessage = function (this: Worker, ...args: unknown[]) {
      sent.push((args[0] as { type?: string }).type ?? '?');
      post.apply(this, args);
    };
  });
  await page.goto('/');
  const before = await demoRunTop10(page);
  expect(before).toHaveLength(10);

  await openTab(page, 'Model file');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save model' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe('demo-I-AutoRec-h16-epoch3.zip');
  const bytes = readFileSync((await file.path())!);
  await expect(page.getByTestId('model-saved')).toContainText('a copy is kept in this browser');

  // `npm run recommend` on the downloaded file prints the list the page shows (its --json: the same function's result).
  const printed = JSON.parse(
    execFileSync('npx', ['tsx', 'scripts/recommend.ts', (await file.path())!, '--user', '1', '--json'], { encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1)!,
  ) as { top: { title: string; predicted: number; score: number; trainRatings: number; actual?: number }[] };
  // shown clipped, "5.00+" where the unclipped score (the rank's) is above the top
  const shown = (predicted: number, score: number) => `${predicted.toFixed(2)}${score > 5 ? '+' : ''}`;
  expect(printed.top.map((r, k) => `${k + 1} | ${r.title} | ${r.trainRatings} | ${shown(r.predicted, r.score)}`)).toEqual(before);

  await page.reload();
  await openTab(page, 'Model file');
  await expect(page.getByText('Models kept in this browser (1)')).toBeVisible();
  await page.getByTestId('model-input').setInputFiles({ name: file.suggestedFilename(), mimeType: 'application/zip', buffer: bytes });
  await expect(page.getByTestId('model-opened')).toContainText('3 epochs trained');
  const summary = page.getByTestId('dataset-summary');
  await expect(summary).toContainText(`${file.suggestedFilename()} (model file; ratings from`);
  await expect(page.locator('.area-data')).toContainText('No ratings file was read.');
  const after = await recommend(page, 1);
  expect(after).toEqual(before);
  const sent = await page.evaluate(() => (window as unknown as { sentToWorker: string[] }).sentToWorker);
  expect(sent.filter((t) => /^load/.test(t)), 'data loaded after the reload').toEqual([]);
  expect(sent).toContain('openModel');
  await page.locator('.area-data').screenshot({ path: `${SHOTS}/16-model-opened-data.png` });
  await page.locator('.recommend').screenshot({ path: `${SHOTS}/16-model-opened-top10.png` });

  // Every user's top 5 as CSV, from the opened model: the first user's rows are the table's first five.
  await page.getByLabel('Top N for every user').fill('5');
  const exporting = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all users CSV' }).click();
  const csv = readFileSync((await (await exporting).path())!, 'utf8').trim().split('\n');
  await expect(page.getByTestId('export-done')).toContainText('943 users exported');
  expect(csv[0]).toBe('user,rank,item,title,predicted,score');
  expect(new Set(csv.slice(1).map((l) => l.split(',')[0])).size).toBe(943);
  const first = csv.filter((l) => l.startsWith('1,')).map((l) => l.split(','));
  expect(first.map((f) => `${f[1]} | ${f[3]} | ${shown(Number(f[4]), Number(f[5]))}`)).toEqual(before.slice(0, 5).map((r) => r.split(' | ').filter((_, k) => k !== 2).join(' | ')));

  // The copy kept in IndexedDB opens to the same model too.
  await openTab(page, 'Model file');
  await page.getByText('Models kept in this browser (1)').click();
  await page.locator('.stored-models').getByRole('button', { name: 'Open', exact: true }).click();
  // the model opened from the file is at stake: the page asks before the copy replaces it
  await expect(page.getByRole('alertdialog')).toContainText(`its model opened from ${file.suggestedFilename()} (3 epochs)`);
  await page.getByRole('alertdialog').getByRole('button', { name: 'Replace', exact: true }).click();
  await expect(page.getByTestId('model-opened')).toContainText('3 epochs trained');
  expect(await recommend(page, 1)).toEqual(before);

  // It trains on from where it stopped: epochs 4 and 5 join the saved three.
  await openTab(page, 'Model file');
  await page.getByLabel('Epochs more').fill('2');
  await page.getByRole('button', { name: 'Continue training' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  await expect(page.getByTestId('epoch-table').locator('tbody tr')).toHaveCount(5);
});

test('a file that is not a model is refused with a message, and the data loaded stays', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await page.getByTestId('model-input').setInputFiles({ name: 'ratings.zip', mimeType: 'application/zip', buffer: Buffer.from('PK\u0003\u0004 truncated') });
  await expect(page.getByTestId('model-error')).toContainText('ratings.zip: not a zip archive, or a truncated one');
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
});

test('the kept model exports as a TensorFlow.js model: a zip of model.json, weights.bin and autorec.json', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('data-line')).toBeVisible();
  await openTab(page, 'Model file');
  await expect(page.getByRole('button', { name: 'Export as TensorFlow.js model' }), 'nothing to export before a run').toBeDisabled();
  await smallModel(page, 100);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('epoch-table').locator('tbody tr').nth(1)).toBeAttached();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toContainText('Paused after epoch');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('status')).toContainText(/Run stopped after \d+ epochs/);
  const epochs = Number(/Run stopped after (\d+) epochs/.exec((await page.getByTestId('status').textContent())!)![1]);

  await openTab(page, 'Model file');
  await expect(page.getByText('load it with tf.loadLayersModel, or convert it to Keras')).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as TensorFlow.js model' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe(`demo-I-AutoRec-h16-epoch${epochs}-tfjs.zip`);
  await expect(page.getByTestId('layers-exported')).toContainText(file.suggestedFilename());
  const files = unzipSync(new Uint8Array(readFileSync((await file.path())!)));
  expect(Object.keys(files).sort()).toEqual(['autorec.json', 'model.json', 'weights.bin']);
  const info = JSON.parse(strFromU8(files['autorec.json'])) as { variant: string; rows: string; userIds: number[]; itemIds: number[]; layers: { units: number; activation: string }[] };
  expect(info).toMatchObject({ variant: 'I', rows: 'items', layers: [{ units: 16, activation: 'sigmoid' }, { units: info.userIds.length, activation: 'linear' }] });
  const json = JSON.parse(strFromU8(files['model.json'])) as { format: string; weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[] };
  expect(json.format).toBe('layers-model');
  expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
  const users = info.userIds.length;
  expect(json.weightsManifest[0].weights.map((w) => `${w.name} ${w.shape.join('x')}`)).toEqual([`encoder_1/kernel ${users}x16`, 'encoder_1/bias 16', `decoder/kernel 16x${users}`, `decoder/bias ${users}`]);
  expect(files['weights.bin'].length).toBe(4 * (users * 16 + 16 + 16 * users + users));
});

test('Save says what the file holds and its size; with the ratings left out it holds none, and opened it recommends the same', async ({ page }) => {
  await page.goto('/');
  const before = await demoRunTop10(page);

  await openTab(page, 'Model file');
  const holds = page.getByTestId('save-holds');
  await expect(holds).toContainText(/every training, validation and test rating \([\d,]+\): \d+(\.\d)? (kB|MB)\. Whoever you share it with gets those ratings/);
  await expect(holds).toContainText(/Leave the ratings out: \d+(\.\d)? (kB|MB)\. It keeps what the network made of the ratings/);
  await page.getByLabel('Leave the ratings out').check();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save model' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe('demo-I-AutoRec-h16-epoch3-no-ratings.zip');
  await expect(page.getByTestId('model-saved')).toContainText('without its ratings');
  const bytes = readFileSync((await file.path())!);
  const names = Object.keys(unzipSync(new Uint8Array(bytes)));
  expect(names.filter((n) => n.startsWith('ratings/')), 'no rating in the file').toEqual([]);
  const shownSize = /Leave the ratings out: (\d+(?:\.\d)?) (kB|MB)/.exec((await holds.textContent())!)!;
  expect(Math.round(bytes.length / 1024), 'the size Save said').toBe(Number(shownSize[1]) * (shownSize[2] === 'MB' ? 1024 : 1));

  await page.reload();
  await page.getByTestId('model-input').setInputFiles({ name: file.suggestedFilename(), mimeType: 'application/zip', buffer: bytes });
  await expect(page.getByTestId('model-opened')).toContainText('saved without its ratings');
  await expect(page.getByRole('button', { name: 'Continue training' }), 'it is not trained further').toHaveCount(0);
  // the same list; what needs the ratings (held-out marks, "because you liked") is not there
  const after = await recommend(page, 1);
  expect(after.map((r) => r.split(' | ')[1])).toEqual(before.map((r) => r.split(' | ')[1]));
  await expect(page.getByTestId('top-n').getByText(/because you liked/)).toHaveCount(0);
  await expect(page.getByTestId('top-n').getByText(/held out: rated/)).toHaveCount(0);
});
