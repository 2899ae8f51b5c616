import { expect, it } from 'vitest';
import { composeChartImage, LINE, SWATCH, wrap, type ChartExport, type Composition, type DrawOp, type Font, type PanelBox } from './png-layout';

/** 6 px per character (7 for titles): enough to lay out text as a canvas would. */
const measure = (t: string, font: Font) => t.length * (font === 'body' ? 6 : 7);

const info: ChartExport = {
  title: 'AutoRec Studio: training curves · u.data',
  settings: 'I-AutoRec · h16 · sigmoid/identity · adam 1e−2 · λ 1e−5 · drop 0.05 · b32 · auto · seed 0 / split seed 0 · valid 5% · wasm',
  kept: 'Kept epoch 3 of 4: validation RMSE 1.0123, test RMSE 1.0456',
  legend: [
    { label: 'test RMSE (this run)', color: '#1f3b73', mark: 'dot-line' },
    { label: 'validation RMSE (this run)', color: '#c2255c', mark: 'line', dash: '6 4' },
    { label: 'kept epoch (lowest validation RMSE)', color: '#1a7f37', mark: 'ring' },
    { label: `run 1: ${'I-AutoRec · h500 · sigmoid/identity · '.repeat(4)}test RMSE 0.9000 @ epoch 20`, color: '#9b59b6', mark: 'line', opacity: 0.6 },
    { label: 'run 2: short', color: '#16a085', mark: 'line' },
  ],
  panels: ['RMSE: validation and test', 'Train loss (MSE per observed rating)'],
};
const panels = [
  { width: 600, height: 260 },
  { width: 600, height: 170 },
];

/** The ops that reach outside the image, with where they are (text by its measured width and line height). */
function outside(c: Composition): string[] {
  return c.ops.flatMap((o) => {
    const [w, h] = o.kind === 'text' ? [measure(o.text, o.font), LINE[o.font]] : o.kind === 'swatch' ? [SWATCH, LINE.body] : [o.width, o.height];
    const where = `${o.kind === 'text' ? o.text : o.kind === 'image' ? `panel ${o.index}` : o.entry.label} at ${o.x},${o.y} ${w}x${h} in ${c.width}x${c.height}`;
    return o.x < 0 || o.y < 0 || o.x + w > c.width || o.y + h > c.height ? [where] : [];
  });
}

const texts = (ops: DrawOp[]) => ops.filter((o): o is Extract<DrawOp, { kind: 'text' }> => o.kind === 'text');

it('puts the title, settings, kept epoch, legend and panel titles above the panels, inside the image', () => {
  const c = composeChartImage(info, panels, measure);
  expect(c.width).toBe(600);
  const all = texts(c.ops);
  const joined = all.map((t) => t.text).join('\n');
  expect(joined).toContain(info.title);
  expect(joined).toContain('Settings: I-AutoRec');
  expect(joined.replace(/\n/g, ' ')).toContain('valid 5% · wasm');
  expect(joined).toContain(info.kept);
  for (const e of info.legend.slice(0, 3)) expect(joined).toContain(e.label);
  for (const p of info.panels) expect(joined).toContain(p);
  // every text fits across the image
  for (const t of all) expect(t.x + measure(t.text, t.font), t.text).toBeLessThanOrEqual(c.width);
  // one swatch per legend entry, in the entry's colour
  expect(c.ops.filter((o) => o.kind === 'swatch').map((o) => (o.kind === 'swatch' ? o.entry.color : ''))).toEqual(info.legend.map((e) => e.color));

  // the panels, in order, each under its title, below everything else, and the image taller than the panels alone
  const images = c.ops.filter((o): o is Extract<DrawOp, { kind: 'image' }> => o.kind === 'image');
  expect(images.map((i) => i.index)).toEqual([0, 1]);
  const [first, second] = images;
  expect(second.y).toBeGreaterThanOrEqual(first.y + first.height);
  for (const [k, img] of images.entries()) {
    const title = all.find((t) => t.text === info.panels[k])!;
    expect(title.y).toBeLessThan(img.y);
    expect(title.y).toBeGreaterThanOrEqual(k === 0 ? 0 : images[k - 1].y + images[k - 1].height);
  }
  for (const t of all) if (!info.panels.includes(t.text)) expect(t.y + 17, t.text).toBeLessThanOrEqual(first.y);
  expect(c.height).toBeGreaterThanOrEqual(second.y + second.height);
  expect(c.height - 260 - 170).toBeGreaterThan(6 * 17); // title, settings (2 lines), kept, legend rows, panel titles
});

it('flows legend entries into rows and wraps one too long for a row', () => {
  const c = composeChartImage(info, panels, measure);
  const swatches = c.ops.filter((o): o is Extract<DrawOp, { kind: 'swatch' }> => o.kind === 'swatch');
  expect(swatches[0].y).toBe(swatches[1].y); // short entries side by side
  expect(swatches[1].x).toBeGreaterThan(swatches[0].x);
  const long = swatches[3];
  expect(long.x).toBe(swatches[0].x); // the long one starts a row...
  const longLines = texts(c.ops).filter((t) => t.y >= long.y && t.x > long.x && t.y < swatches[4].y);
  expect(longLines.length).toBeGreaterThan(1); // ...and wraps
  expect(swatches[4].y).toBeGreaterThan(longLines.at(-1)!.y); // the next one comes after it
});

it('without a chart export, still titles each panel; narrow panels get a readable width', () => {
  const c = composeChartImage({ title: 'Training curves', legend: [], panels: ['A', 'B'] }, [{ width: 200, height: 100 }, { width: 200, height: 50 }], measure);
  expect(c.width).toBe(480);
  expect(texts(c.ops).map((t) => t.text)).toEqual(['Training curves', 'A', 'B']);
});

it('wraps at spaces, never before a settings separator, else anywhere', () => {
  const m = (t: string) => t.length;
  expect(wrap('aaa · bbb · ccc', 10, m)).toEqual(['aaa ·', 'bbb · ccc']);
  expect(wrap('aaa · bbb · ccc', 11, m)).toEqual(['aaa · bbb ·', 'ccc']);
  expect(wrap('one two three', 8, m)).toEqual(['one two', 'three']);
  expect(wrap('abcdefghij', 4, m)).toEqual(['abcd', 'efgh', 'ij']);
  expect(wrap('', 4, m)).toEqual([]);
});

it('keeps every label inside the image: panels whose labels reach past their boxes are drawn whole, still lined up', () => {
  // As on the page: the top tick label and a reference line's label over the first panel's top, the kept
  // epoch's ring past its right edge, a tick label past the second's left and bottom.
  const bled: PanelBox[] = [
    { width: 600, height: 260, bleed: { left: 0, top: 9, right: 7, bottom: 0 } },
    { width: 600, height: 170, bleed: { left: 4, top: 6, right: 0, bottom: 5 } },
  ];
  const c = composeChartImage(info, bled, measure);
  expect(outside(c)).toEqual([]);
  const images = c.ops.filter((o): o is Extract<DrawOp, { kind: 'image' }> => o.kind === 'image');
  // each picture is its box grown by its bleed...
  expect(images.map((i) => [i.width, i.height])).toEqual([
    [607, 269],
    [604, 181],
  ]);
  // ...the boxes at one x (the plot areas line up), the pictures one under the other, each under its title
  expect(images[0].x + bled[0].bleed!.left).toBe(images[1].x + bled[1].bleed!.left);
  expect(images[1].y).toBeGreaterThanOrEqual(images[0].y + images[0].height);
  for (const [k, img] of images.entries()) expect(texts(c.ops).find((t) => t.text === info.panels[k])!.y + LINE.heading).toBeLessThanOrEqual(img.y);
  expect(c.width).toBeGreaterThanOrEqual(4 + 600 + 7);

  // without bleed, as before: every op inside too
  expect(outside(composeChartImage(info, panels, measure))).toEqual([]);
  expect(outside(composeChartImage({ title: 'Training curves', legend: [], panels: ['A'] }, [{ width: 200, height: 100, bleed: { left: 30, top: 30, right: 30, bottom: 30 } }], measure))).toEqual([]);
});
