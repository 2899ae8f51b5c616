import type { Locator, Page } from '@playwright/test';
import { expect, SHOTS, test } from './fixtures';

// The first view fits: data, split (with its counts before Start), the five settings people tweak, Start and
// the chart; the rest one click away ("More settings", the tabs below the chart).

/** The element's box in page coordinates (a scroll does not move it). */
const pageBox = (l: Locator) =>
  l.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
  });
const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);
const fmt = (n: number) => n.toLocaleString('en-US');

test('after a run at 1280x800 the chart, the run buttons and the headline numbers fit without scrolling; the rest is one click away', async ({ page }) => {
  await page.goto('/?epochs=3');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('Run finished after 3 epochs');
  await page.evaluate(() => window.scrollTo(0, 0));

  const inView = [
    ['the chart', page.getByTestId('chart')],
    ['the run buttons', page.getByRole('group', { name: 'Run controls' })],
    ['the headline figure', page.getByTestId('readout-kept')],
    ['the epoch counter', page.getByTestId('readout-epoch')],
    ['the training time', page.getByTestId('readout-elapsed')],
    ['the learning rate', page.getByLabel('Learning rate', { exact: true })],
    ['the L2 penalty', page.getByLabel('L2 penalty λ', { exact: true })],
    ['the dropout', page.getByLabel('Dropout', { exact: true })],
  ] as const;
  for (const [what, l] of inView) {
    const box = await pageBox(l);
    expect(box.bottom, `${what} ends at ${box.bottom} px, in the 800 px of the first screen`).toBeLessThanOrEqual(800);
  }
  await expect(page.getByTestId('readout-kept')).toContainText('@');
  const height = await pageHeight(page);
  expect(height, `the page is ${height} px tall: about two screens at most`).toBeLessThanOrEqual(2 * 800);
  await page.screenshot({ path: `${SHOTS}/26-1280-after-run.png` });

  // No formula in the first view: the λ explanation is behind its "?".
  const formula = page.getByText('λ × batches per epoch', { exact: false });
  await expect(formula).toBeHidden();
  const why = page.getByRole('button', { name: 'About L2 penalty λ' });
  await expect(why).toHaveAttribute('aria-expanded', 'false');
  await why.click();
  await expect(why).toHaveAttribute('aria-expanded', 'true');
  await expect(formula).toBeVisible();
  await why.click();
  await expect(formula).toBeHidden();

  // The other settings are one click away.
  await expect(page.getByLabel('Optimizer')).toBeHidden();
  await page.getByText('More settings', { exact: true }).click();
  await expect(page.getByLabel('Optimizer')).toBeVisible();
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('3');

  // The rest in tabs below the chart, by keyboard too.
  await page.getByRole('tab', { name: 'Epoch table', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Earlier runs' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Earlier runs' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('history-run')).toBeVisible();
  await expect(page.getByTestId('epoch-table')).toBeHidden();

  await page.setViewportSize({ width: 390, height: 844 });
  const phone = await pageHeight(page);
  expect(phone, `on a phone the page is ${phone} px tall: about four screens at most`).toBeLessThanOrEqual(4 * 844);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'nothing wider than the phone').toBeLessThanOrEqual(0);
});

test("the split's train / validation / test counts show before Start, follow the split settings, and are the run's", async ({ page }) => {
  await page.goto('/?epochs=2&hidden=16');
  await page.getByRole('button', { name: 'Use demo data' }).click();
  const counts = page.getByTestId('split-counts');
  await expect(page.getByTestId('status')).toContainText('Ready');
  await expect(counts).toBeVisible();
  await expect(counts).not.toHaveAttribute('aria-busy');
  const read = async () => ({
    train: Number(await counts.getAttribute('data-train')),
    valid: Number(await counts.getAttribute('data-valid')),
    test: Number(await counts.getAttribute('data-test')),
  });
  const ratings = Number((await page.getByTestId('rating-count').textContent())!.replace(/,/g, ''));
  const tenth = await read();
  expect(tenth.train + tenth.valid + tenth.test, 'the three sets hold every rating').toBe(ratings);
  expect(tenth.test / ratings).toBeCloseTo(0.1, 1);
  expect(tenth.valid / (tenth.train + tenth.valid)).toBeCloseTo(0.05, 1);
  await expect(counts).toHaveText(`train ${fmt(tenth.train)}validation ${fmt(tenth.valid)}test ${fmt(tenth.test)}`);

  // A fifth as the test share: new counts, before any run.
  await page.getByLabel('Test share').fill('0.2');
  await expect(counts).not.toHaveAttribute('data-test', String(tenth.test));
  await expect(counts).not.toHaveAttribute('aria-busy');
  const fifth = await read();
  expect(fifth.test / ratings).toBeCloseTo(0.2, 1);
  expect(fifth.train + fifth.valid + fifth.test).toBe(ratings);
  await page.locator('.split').screenshot({ path: `${SHOTS}/26-split-counts.png` });

  // The run trains and measures on exactly these sets.
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('Run finished after 2 epochs');
  const split = page.getByTestId('split');
  await expect(split).toHaveAttribute('data-train', String(fifth.train));
  await expect(split).toHaveAttribute('data-valid', String(fifth.valid));
  await expect(split).toHaveAttribute('data-test', String(fifth.test));
});
