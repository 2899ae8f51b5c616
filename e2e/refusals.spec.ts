import { zipOfRepeatedLine } from '../src/testing/zip-bomb';
import { expect, moreSettings, SHOTS, smallUData, test } from './fixtures';

// What cannot train is refused with a reason before training, and the data loaded before stays.

test('a file with one distinct rating is refused and the data loaded before stays loaded', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('943');
  const before = await page.getByTestId('dataset-summary').textContent();
  const line = '1\t1\t5\t881250949\n';
  await page.getByTestId('dropzone').drop({ files: { name: 'one.data', mimeType: 'text/plain', buffer: Buffer.from(line.repeat(50)) } });
  await expect(page.getByRole('alert')).toContainText('one.data has 1 distinct rating from 1 user on 1 item: AutoRec needs at least 2 users and 2 items');
  await expect(page.getByTestId('dataset-summary')).toHaveText(before ?? '');
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
  await page.screenshot({ path: `${SHOTS}/12-refused-file.png` });
});

test('a zip bomb (one line unpacking to 64 MB from 95 KB) is refused at once, and the data loaded before stays loaded', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('943');
  const before = await page.getByTestId('dataset-summary').textContent();
  const bomb = Buffer.concat([...zipOfRepeatedLine('1\t1\t5\t0\n', 8_000_000)]);
  await page.getByTestId('dropzone').drop({ files: { name: 'bomb.zip', mimeType: 'application/zip', buffer: bomb } });
  await expect(page.getByRole('alert')).toContainText(/bomb\.zip › ml-100k\/u\.data: unpacks to over 100 times its packed size .* a zip bomb, refused/);
  await expect(page.getByTestId('dataset-summary')).toHaveText(before ?? '');
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
  await page.screenshot({ path: `${SHOTS}/12-refused-zip-bomb.png` });
});

test('a run whose loss blows up stops as diverged and says to lower the learning rate', async ({ page }) => {
  await page.goto('/?opt=momentum&lr=10');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  // the learning rate (10) comes from the link: beyond the slider's range, within the validator's
  await page.getByLabel('Hidden units', { exact: true }).fill('16');
  await moreSettings(page);
  await page.getByLabel('Epochs', { exact: true }).fill('60');
  await page.getByLabel('Batch size').selectOption('32');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText(/Run stopped after \d+ epochs?: diverged at epoch \d+ .*lower the learning rate/);
  const epochs = await page.getByTestId('epoch').count();
  expect(epochs, 'it stopped long before its 60 epochs').toBeLessThan(60);
});
