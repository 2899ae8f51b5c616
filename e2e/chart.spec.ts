import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { generateDemo, toUDataText } from '../src/data/demo';
import { expect, openTab, SHOTS, smallModel, smallUData, test, TIMED } from './fixtures';
import { PINNED_COLOR } from '../src/ui/state/run-colors';

const chart = (page: Page) => page.getByTestId('chart');
/** Earlier runs' lines (one per panel and run); `.run-N` picks run N's. */
const earlierLines = (page: Page, run?: number) => chart(page).locator(`.recharts-line.earlier-run${run ? `.run-${run}` : ''} .recharts-line-curve`);

async function load(page: Page, file = smallUData(), replacing = false) {
  await page.getByTestId('dropzone').drop({ files: file });
  // over a trained model the page asks first (docs/app.md): this test means to replace it
  if (replacing) await page.getByRole('alertdialog').getByRole('button', { name: 'Replace', exact: true }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText(file.name);
}

/** Trains the loaded data (small model) and waits for the run to join the history. */
async function train(page: Page, runs: number) {
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('finished');
  await expect(page.getByTestId('history-run')).toHaveCount(runs);
}

/** Another generated ratings file, under another name: another dataset. */
function otherData() {
  const text = toUDataText(generateDemo({ users: 50, items: 40, ratings: 800, seed: 23 }));
  return { name: 'other-ratings.tsv', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') };
}

test('a run keeps its colour in the list and on the chart, after hiding another and after a reload', async ({ page }) => {
  await page.goto('/');
  await load(page);
  await smallModel(page, 2);
  for (let run = 1; run <= 3; run++) {
    await page.getByLabel('Hidden units', { exact: true }).fill(String(20 - 4 * run)); // curves apart
    await train(page, run);
  }
  // run 3 is the live one; hide run 1: run 2 is then the first line drawn, and must keep its own colour
  await openTab(page, 'Earlier runs');
  await page.getByLabel('Show run 1 on the chart').uncheck();
  const swatches = async () => page.getByTestId('run-swatch').evaluateAll((els) => els.map((e) => e.getAttribute('data-color')));
  const before = await swatches();
  expect(new Set(before).size, 'each run its own colour').toBe(3);
  await expect(earlierLines(page, 2)).toHaveCount(2);
  await expect(earlierLines(page, 2).first()).toHaveAttribute('stroke', before[1]!);

  await page.reload();
  await expect(page.getByTestId('history-run')).toHaveCount(3);
  expect(await swatches()).toEqual(before);
  await load(page); // the same data again: its runs are drawn
  await expect(earlierLines(page)).toHaveCount(4); // runs 2 and 3, both panels
  for (const run of [2, 3]) for (const line of await earlierLines(page, run).all()) await expect(line).toHaveAttribute('stroke', before[run - 1]!);
  // the swatch shows the same colour as the line
  const shown = await page.getByTestId('run-swatch').nth(2).evaluate((e) => getComputedStyle(e).backgroundColor);
  const drawn = await earlierLines(page, 3).first().evaluate((e) => getComputedStyle(e).stroke);
  expect(shown).toBe(drawn);
  // earlier runs are drawn: the "curves grow here" placeholder would lie over them
  await expect(chart(page).locator('.chart-empty')).toHaveCount(0);
  await chart(page).screenshot({ path: `${SHOTS}/21-chart-colours-after-reload.png` });

  await openTab(page, 'Earlier runs');
  await page.getByTestId('history-run').nth(1).getByRole('button', { name: 'Pin as baseline' }).click();
  await expect(earlierLines(page, 2).first()).toHaveAttribute('stroke', PINNED_COLOR);
  await expect(page.getByTestId('run-swatch').nth(1)).toHaveAttribute('data-color', PINNED_COLOR);
});

test('earlier runs of other data are listed apart and hidden on the chart unless asked for', async ({ page }) => {
  await page.goto('/');
  await load(page);
  await smallModel(page, 2);
  await train(page, 1);
  await load(page, otherData(), true);
  // nothing of this dataset drawn yet: the placeholder, and no earlier line
  await expect(chart(page).locator('.chart-empty')).toBeVisible();
  await expect(earlierLines(page)).toHaveCount(0);
  const groups = page.getByTestId('run-group');
  await expect(groups).toHaveCount(1);
  await expect(groups.first()).toHaveAttribute('data-dataset', 'u.data');
  await expect(groups.first()).toContainText('not on the chart');

  await openTab(page, 'Earlier runs');
  const other = page.getByLabel('runs of other data on the chart');
  await other.check();
  await expect(earlierLines(page)).toHaveCount(2);
  await expect(chart(page).locator('.chart-empty')).toHaveCount(0);
  await other.uncheck();
  await expect(earlierLines(page)).toHaveCount(0);

  await train(page, 2);
  await expect(groups).toHaveCount(2);
  await expect(groups.nth(0)).toHaveAttribute('data-dataset', 'other-ratings.tsv'); // the loaded data's runs first
  await expect(groups.nth(0)).toContainText('loaded now');
  await expect(groups.nth(1)).toHaveAttribute('data-dataset', 'u.data');
  await expect(groups.nth(1).getByTestId('history-run')).toContainText('run 1');
  await page.locator('.history').screenshot({ path: `${SHOTS}/22-history-by-dataset.png` });
});

test('the chart: headings in order, no invisible Tab stops, both panels at the same epoch', TIMED, async ({ page }) => {
  await page.goto('/');
  await load(page);
  await smallModel(page, 800);
  await page.getByLabel('Patience', { exact: true }).fill('0');
  // a run of a few seconds (the fused step trains an epoch of this in a few ms): several redraws; on one
  // training thread, so that a 2-core machine keeps a core for the page (what is measured is the page's
  // redraw, not how long the system leaves its thread waiting)
  await page.getByLabel('Hidden units', { exact: true }).fill('400');
  await page.getByLabel('CPU threads').selectOption('1');
  // Each time a panel's shown epoch changes: when, and what both show.
  await page.evaluate(() => {
    const w = window as unknown as { panelLog: [number, string, string][] };
    w.panelLog = [];
    const panels = () => [...document.querySelectorAll('[data-testid="chart"] .panel')].map((p) => p.getAttribute('data-last-epoch') ?? '');
    new MutationObserver(() => {
      const [a, b] = panels();
      w.panelLog.push([performance.now(), a, b]);
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-last-epoch'] });
  });
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('status')).toContainText('Run finished after 800 epochs', { timeout: 60_000 });
  const panels = chart(page).locator('.panel');
  await expect(panels.nth(0)).toHaveAttribute('data-last-epoch', '800');
  await expect(panels.nth(1)).toHaveAttribute('data-last-epoch', '800');
  const log = await page.evaluate(() => (window as unknown as { panelLog: [number, string, string][] }).panelLog);
  // From the first panel showing an epoch to the second showing it too: the next task (a few ms; 120 ms seen once
  // on a loaded 2-core machine), not a redraw period later (250 ms: the second panel waiting for the next snapshot).
  let since: number | undefined;
  let longest = 0;
  let [shown, before] = ['0', '0']; // no run yet: both panels at epoch 0
  for (const [t, a, b] of log) {
    if (a !== shown) [shown, before] = [a, shown];
    expect([a, before], `the second panel shows the first's epoch or the one it showed just before: ${log.join(' | ')}`).toContain(b);
    if (a !== b) since ??= t;
    else if (since !== undefined) {
      longest = Math.max(longest, t - since);
      since = undefined;
    }
  }
  console.log(`[panels] ${log.length} changes; longest time showing different epochs: ${longest.toFixed(1)} ms`);
  expect(since, 'the panels end on the same epoch').toBeUndefined();
  expect(log.length).toBeGreaterThan(4);
  expect(longest, `longest time the panels showed different epochs (${log.length} changes)`).toBeLessThan(200);

  // Headings: the page's h1, then Training (h2) over the panels' h3s, and the run history's h2.
  await expect(page.getByRole('heading', { level: 2, name: 'Training' })).toBeVisible();
  await expect(chart(page).getByRole('heading', { level: 3 })).toHaveText(['RMSE: validation and test', 'Train loss (MSE per observed rating)']);
  await openTab(page, 'Earlier runs');
  await expect(page.getByRole('heading', { level: 2, name: 'Earlier runs' })).toBeVisible();
  const outline = await page.locator('h1, h2, h3').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
  outline.forEach((level, k) => expect(level - (outline[k - 1] ?? 0), `heading ${k} skips a level: ${outline}`).toBeLessThanOrEqual(1));

  // Tab never stops inside the chart: nothing in it is in the Tab order (Recharts' tooltip box has tabindex -1: not a stop).
  expect(await chart(page).locator('[tabindex]:not([tabindex^="-"]), a[href], button, input, select').count()).toBe(0);
  await page.getByRole('button', { name: 'Start' }).focus();
  for (let k = 0; k < 80; k++) {
    await page.keyboard.press('Tab');
    const inChart = await page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="chart"]')));
    expect(inChart, `Tab stop ${k + 1} is inside the chart`).toBe(false);
  }
});

test('the exported PNG has a title, the run\'s settings and kept epoch, a legend and the panel titles', async ({ page }) => {
  await page.goto('/');
  await load(page);
  await smallModel(page, 3);
  await train(page, 1);
  await smallModel(page, 4);
  await page.getByLabel('Hidden units', { exact: true }).fill('8');
  await train(page, 2); // an earlier run on the chart, in the legend
  // the three baselines on the RMSE panel, matrix factorisation among them, its settings in its tooltip
  const mf = chart(page).locator('g.baseline').filter({ has: page.locator('text', { hasText: /^MF \d\.\d{3}$/ }) });
  await expect(chart(page).locator('g.baseline')).toHaveCount(3);
  await expect(mf).toHaveCount(1);
  await expect(mf.locator('title')).toHaveText(/^MF \(biased matrix factorisation, \d+ factors, λ [\d.]+, \d+ epochs: chosen on the validation share\): test RMSE \d\.\d{3}$/);
  const svgs = await chart(page).locator('svg.recharts-surface').evaluateAll((ss) => ss.map((s) => s.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
  expect(svgs).toHaveLength(2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export chart PNG' }).click()]);
  const png = readFileSync(await download.path());
  writeFileSync(`${SHOTS}/23-exported-chart.png`, png);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const panels = svgs.reduce((h, s) => h + s.h, 0);
  expect(width).toBeGreaterThanOrEqual(Math.floor(svgs[0].w * 2));
  // at scale 2: the panels, and above them a title, the settings, the kept epoch, the legend and two panel titles
  expect(height).toBeGreaterThan(2 * (panels + 120));

  // Read its pixels: text and the legend's colours above the first panel.
  const header = await page.evaluate(
    async ({ b64, top }) => {
      const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const c = new OffscreenCanvas(img.width, img.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      let { data } = ctx.getImageData(0, 0, img.width, top);
      let dark = 0;
      const near = (r: number, g: number, b: number) => {
        let n = 0;
        for (let k = 0; k < data.length; k += 4) if (Math.abs(data[k] - r) + Math.abs(data[k + 1] - g) + Math.abs(data[k + 2] - b) < 40) n++;
        return n;
      };
      for (let k = 0; k < data.length; k += 4) if (data[k] + data[k + 1] + data[k + 2] < 300) dark++;
      const inHeader = { live: near(0x1f, 0x3b, 0x73), valid: near(0xc2, 0x25, 0x5c), kept: near(0x1a, 0x7f, 0x37), mf: near(0x00, 0x70, 0x7a) };
      // the panels below: the live run's curves are drawn there too (exported as shown, at the last epoch)
      data = ctx.getImageData(0, top, img.width, img.height - top).data;
      return { decoded: [img.width, img.height], dark, ...inHeader, livePanels: near(0x1f, 0x3b, 0x73), validPanels: near(0xc2, 0x25, 0x5c), mfPanels: near(0x00, 0x70, 0x7a) };
    },
    { b64: png.toString('base64'), top: height - 2 * panels - 2 * 40 },
  );
  expect(header.decoded).toEqual([width, height]);
  expect(header.dark, 'text above the panels').toBeGreaterThan(2000);
  expect(header.live, 'the live run in the legend (and the title)').toBeGreaterThan(50);
  expect(header.valid, 'validation RMSE in the legend').toBeGreaterThan(20);
  expect(header.kept, 'the kept epoch (legend ring and figure)').toBeGreaterThan(20);
  expect(header.livePanels, 'the live run\'s curves in the panels').toBeGreaterThan(2000);
  expect(header.validPanels, 'the validation curve in the panels').toBeGreaterThan(200);
  expect(header.mf, 'the MF baseline in the legend').toBeGreaterThan(20);
  expect(header.mfPanels, 'the MF baseline\'s line in the RMSE panel').toBeGreaterThan(200);
});

test('the exported PNG holds the labels that reach past a panel\'s edge, whole', async ({ page }) => {
  await page.goto('/');
  await load(page);
  await smallModel(page, 3);
  await train(page, 1);
  // Two labels outside the first panel's box, as a tick or reference-line label at an edge can be: above its
  // top-left corner and below its bottom-right one, in a colour nothing else has.
  await chart(page)
    .locator('svg.recharts-surface')
    .first()
    .evaluate((svg) => {
      const { width, height } = svg.getBoundingClientRect();
      for (const [x, y, anchor] of [
        [-6, -3, 'start'],
        [width + 6, height + 15, 'end'],
      ] as const) {
        const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
        Object.entries({ x: String(x), y: String(y), 'text-anchor': anchor, fill: '#ff00ff', 'font-size': '14', 'font-weight': 'bold', class: 'probe' }).forEach(([k, v]) => t.setAttribute(k, v));
        t.textContent = 'OUTSIDE';
        svg.appendChild(t);
      }
    });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export chart PNG' }).click()]);
  const png = readFileSync(await download.path());
  writeFileSync(`${SHOTS}/23-exported-chart-outside-labels.png`, png);
  const [left, right] = await page.evaluate(async (b64) => {
    const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    const magenta = [0, 0];
    for (let k = 0; k < data.length; k += 4) if (data[k] > 200 && data[k + 1] < 60 && data[k + 2] > 200) magenta[(k / 4) % img.width < img.width / 2 ? 0 : 1]++;
    return magenta;
  }, png.toString('base64'));
  // "OUTSIDE" in 14px bold at scale 2: about 1,000 pixels each; none if the panel were cut at its box
  expect(left, 'the label past the top-left corner').toBeGreaterThan(400);
  expect(right, 'the label past the bottom-right corner').toBeGreaterThan(400);
  expect(Math.abs(left - right), 'both whole (the same text)').toBeLessThan(0.2 * Math.max(left, right));
});
