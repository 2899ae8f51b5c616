import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, openTab, recommend, SHOTS, test } from './fixtures';

// The AutoRec+ blend as a person starts it: demo data, Tune, plan "AutoRec+ blend", a cap of a few epochs per
// member (the full blend takes minutes), refit ticked, one click. Its five members (two AutoRec+, two I-AutoRec,
// one U-AutoRec) train one after another on the backend auto picks, the chosen ones are refit, and the test
// figure appears once, with the validation RMSE of each ensemble size it was chosen from.
test('the AutoRec+ blend on demo data: five members one after another, I and U, refit, one test figure', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await openTab(page, 'Tune');
  const panel = page.getByTestId('tune-panel');
  await panel.getByLabel('AutoRec+ blend').check();
  await expect(panel.getByTestId('recipe-text')).toContainText('5 models');
  await expect(panel.getByLabel('budget (trials)'), 'a recipe has no search budget').toHaveCount(0);
  await panel.getByLabel('most epochs per trial').fill('3');
  await expect(panel.getByLabel(/Refit the chosen models/), 'a blend is refit unless unticked').toBeChecked();
  await expect(panel.getByLabel(/Weight the models by a fit on validation/)).toBeChecked();
  await panel.getByRole('button', { name: 'Train the AutoRec+ blend' }).click();
  await expect(panel.getByTestId('tune-status')).toContainText('Tuning finished: 5 trials', { timeout: 200_000 });
  const rows = panel.getByTestId('tune-row');
  await expect(rows).toHaveCount(5);
  const variants = await rows.locator('[data-key="variant"]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')).sort());
  expect(variants).toEqual(['I', 'I', 'I', 'I', 'U']);
  const kernels = await rows.locator('[data-key="kernelDim"]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')).sort());
  expect(kernels).toEqual(['0', '0', '0', '5', '5']);
  const result = panel.getByTestId('tune-result');
  await expect(result).toHaveCount(1);
  await expect(result).toContainText('refit on training + validation');
  await expect(panel.getByTestId('valid-by-size')).toContainText('5: ');
  // a blend with weights fitted on validation was weighed against the averages (the switch is on by default)
  await expect(panel.getByTestId('valid-by-size')).toContainText('all 5 with weights fitted on validation: ');
  // these 3-epoch members shrink towards the mean: the fitted blend wins on validation, and its weights are shown
  const reported = panel.getByTestId('reported-model');
  await expect(reported).toHaveAttribute('data-fitted', 'true');
  await expect(reported).toHaveText(/^a blend fitted on validation: (−?\d+\.\d{3} × trial \d( [+−] \d+\.\d{3} × trial \d){4}) [+−] \d+\.\d{3}$/);
  await expect(result).toContainText('cross-validated');
  // the leaderboard gives each member's weight, the same numbers as the line above
  const line = (await reported.textContent()) ?? '';
  // "…: 0.613 × trial 5 + 1.239 × trial 1 − 0.834 × trial 4 …": a term's sign is before it, or on the number when first
  const terms = [...line.matchAll(/([:+−]) (−?)(\d+\.\d{3}) × trial (\d)/g)];
  const weightOf = new Map(terms.map((m) => [m[4], `${m[1] === '−' || m[2] === '−' ? '-' : ''}${m[3]}`]));
  expect(weightOf.size).toBe(5);
  for (const row of await rows.all()) expect(await row.getByTestId('blend-weight').textContent()).toBe(weightOf.get((await row.getAttribute('data-trial')) ?? ''));
  const testRmse = Number(await result.getAttribute('data-test-rmse'));
  expect(testRmse).toBeGreaterThan(0.5);
  expect(testRmse).toBeLessThan(1.3);
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/17-blend-end.png`, fullPage: true });

  // The blend is the model now: it recommends, and saves as one file.
  await openTab(page, 'Recommendations');
  await expect(page.getByTestId('blend-serves')).toContainText("From Tune's result: a blend of 5 networks refit on training + validation");
  expect(await recommend(page, 1)).toHaveLength(10);
  await openTab(page, 'Model file');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save model' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe('demo-Tune-blend-of-5.zip');
  await expect(page.getByTestId('model-saved')).toContainText("Tune's blend of 5 networks");
  const path = (await file.path())!;

  // `npm run recommend` on the file prints the top 10 that the page shows once the file is opened (after a reload).
  const printed = JSON.parse(execFileSync('npx', ['tsx', 'scripts/recommend.ts', path, '--user', '1', '--json'], { encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1)!) as {
    top: { title: string; predicted: number; score: number; trainRatings: number }[];
  };
  await page.reload();
  await page.getByTestId('model-input').setInputFiles({ name: file.suggestedFilename(), mimeType: 'application/zip', buffer: readFileSync(path) });
  await expect(page.getByTestId('model-opened')).toContainText("Tune's blend of 5 networks refit on training + validation");
  const opened = await recommend(page, 1);
  const shown = (predicted: number, score: number) => `${predicted.toFixed(2)}${score > 5 ? '+' : ''}`;
  expect(opened).toEqual(printed.top.map((r, k) => `${k + 1} | ${r.title} | ${r.trainRatings} | ${shown(r.predicted, r.score)}`));
  await expect(page.getByTestId('blend-serves')).toBeVisible();
  await page.locator('.recommend').screenshot({ path: `${SHOTS}/17-blend-opened-top10.png` });
});
