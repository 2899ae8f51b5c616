import { readFileSync } from 'node:fs';
import { expect, openTab, SHOTS, smallModel, smallUData, test } from './fixtures';

test('NDCG@10 per epoch beside the most popular items: the readout, the chart\'s upper panel and the run CSV', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dropzone').drop({ files: smallUData() });
  await expect(page.getByTestId('data-line')).toBeVisible();
  await smallModel(page, 6);
  // measured on request (it costs about an epoch's training again): the chart's upper panel asks for it
  const chart = page.getByTestId('chart');
  await expect(chart.locator('.panel').first()).toHaveAttribute('data-metric', 'testRmse');
  await page.getByLabel('Upper panel').selectOption('NDCG@10');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');

  // the readout: this epoch's NDCG@10 · the most popular items' (both figures between 0 and 1)
  const readout = (await page.getByTestId('readout-ndcg').textContent())!;
  const [ours, popular] = readout.split(' · ').map(Number);
  expect(ours, readout).toBeGreaterThan(0);
  expect(ours).toBeLessThanOrEqual(1);
  expect(popular, readout).toBeGreaterThan(0);
  await page.locator('.area-training').screenshot({ path: `${SHOTS}/27-readouts-ndcg.png` });

  // the upper panel: NDCG@10 as asked, with the most-popular line at the readout's figure
  const upper = chart.locator('.panel').first();
  await expect(upper).toHaveAttribute('data-metric', 'testNdcg10');
  await expect(upper.getByRole('heading')).toHaveText('NDCG@10 on the test ratings (higher is better)');
  await expect(upper.locator('.baseline text')).toHaveText(`most popular ${popular.toFixed(3)}`);
  await expect(upper.locator('.test-rmse-dot')).toHaveCount(6);
  await chart.screenshot({ path: `${SHOTS}/27-chart-ndcg.png` });
  await page.getByLabel('Upper panel').selectOption('RMSE');
  await expect(upper).toHaveAttribute('data-metric', 'testRmse');

  // the run CSV: the ranking figures in its last three columns, the last epoch's NDCG@10 the readout's
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export run CSV' }).click();
  const csv = readFileSync((await (await downloading).path())!, 'utf8').trim().split('\n');
  expect(csv[0].split(',').slice(-3)).toEqual(['test_precision10', 'test_recall10', 'test_ndcg10']);
  expect(csv).toHaveLength(7);
  expect(Number(csv[6].split(',').at(-1)).toFixed(3)).toBe(ours.toFixed(3));

  // after the run, the kept model measured once on every ranked test user (as the commands do), beside the most
  // popular items: here every user is ranked each epoch too, so it is the kept epoch's own figure
  await openTab(page, 'Recommendations');
  const kept = page.getByTestId('kept-ranking');
  const keptEpoch = Number(await page.getByTestId('epoch-table').locator('tr[data-kept] [data-testid="epoch"]').getAttribute('data-value'));
  await expect(kept).toContainText(`The kept model (epoch ${keptEpoch}) at 10 on`);
  expect(Number(await kept.getAttribute('data-ndcg'))).toBeCloseTo(Number(csv[keptEpoch].split(',').at(-1)), 5);
  expect(Number(await kept.getAttribute('data-popular-ndcg'))).toBeCloseTo(popular, 3);
});
