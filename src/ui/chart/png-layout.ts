/** One line of the exported chart's legend, drawn as the chart draws it. */
export interface LegendEntry {
  label: string;
  color: string;
  /** A line, a line with a dot on it (the live test RMSE), or a ring (the kept epoch). */
  mark: 'line' | 'dot-line' | 'ring';
  dash?: string;
  opacity?: number;
}

/** What the exported PNG says around the chart's panels (TrainingChart registers it for its figure). */
export interface ChartExport {
  title: string;
  /** The live run's settings (runs.ts runLabel). */
  settings?: string;
  /** The kept epoch and its figures, e.g. "Kept epoch 7: validation RMSE 0.9123, test RMSE 0.9051". */
  kept?: string;
  legend: LegendEntry[];
  /** The panels' titles, top to bottom. */
  panels: string[];
}

/** How far a panel's drawing reaches past its own box on each side, in CSS pixels (a label at an edge); 0 or more. */
export interface Bleed {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * A panel to place: its own box (the SVG's size on the page) and its bleed. Its picture is the box grown by the
 * bleed, so that nothing drawn past the box's edge is cut off.
 */
export interface PanelBox {
  width: number;
  height: number;
  bleed?: Bleed;
}

export type Font = 'title' | 'heading' | 'body';
export const FONTS: Record<Font, string> = {
  title: 'bold 15px system-ui, sans-serif',
  heading: '600 13px system-ui, sans-serif',
  body: '12px system-ui, sans-serif',
};
/** The height of a line of each font, in CSS pixels. */
export const LINE: Record<Font, number> = { title: 22, heading: 20, body: 17 };
const PAD = 12;
/** The width of a legend entry's swatch. */
export const SWATCH = 22;
const GAP = 16;
const MIN_WIDTH = 480;

export type DrawOp =
  | { kind: 'text'; x: number; y: number; text: string; font: Font; color: string }
  | { kind: 'swatch'; x: number; y: number; entry: LegendEntry }
  /** A panel's picture (its box grown by its bleed) at x, y. */
  | { kind: 'image'; index: number; x: number; y: number; width: number; height: number };

export interface Composition {
  width: number;
  height: number;
  /** In CSS pixels; text and swatches by their top-left corner (textBaseline 'top'). */
  ops: DrawOp[];
}

/**
 * Splits `text` into lines no wider than `width`: at spaces (a ' · ' between settings ends a line, never
 * starts one), else anywhere.
 */
export function wrap(text: string, width: number, measure: (t: string) => number): string[] {
  const words: string[] = [];
  for (const w of text.split(/(?<= )/)) {
    if (w.trim() === '·' && words.length > 0) words[words.length - 1] += w;
    else words.push(w);
  }
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && measure((line + w).trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += w;
    while (measure(line.trimEnd()) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && measure(line.slice(0, cut)) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

const NO_BLEED: Bleed = { left: 0, top: 0, right: 0, bottom: 0 };

/**
 * Where everything goes in the exported PNG: a title, the run's settings, its kept epoch, the legend, then
 * each panel under its title. `panels` are the panels in CSS pixels; `measure` gives a text's width. Every op
 * lies inside the image: the panels' pictures whole, with their bleed (labels past a panel's edge), their own
 * boxes one under the other at the same x, so that their plot areas line up as on the page.
 */
export function composeChartImage(info: ChartExport, panels: PanelBox[], measure: (text: string, font: Font) => number): Composition {
  const bleeds = panels.map((p) => p.bleed ?? NO_BLEED);
  const left = Math.max(0, ...bleeds.map((b) => b.left));
  const width = Math.ceil(Math.max(MIN_WIDTH, ...panels.map((p, k) => left + p.width + bleeds[k].right)));
  const inner = width - 2 * PAD;
  const ops: DrawOp[] = [];
  let y = PAD;
  const text = (t: string, font: Font, color: string, x = PAD, w = inner) => {
    for (const line of wrap(t, w, (s) => measure(s, font))) {
      ops.push({ kind: 'text', x, y, text: line, font, color });
      y += LINE[font];
    }
  };
  text(info.title, 'title', '#1f3b73');
  if (info.settings) text(`Settings: ${info.settings}`, 'body', '#445');
  if (info.kept) text(info.kept, 'body', '#1a7f37');

  // The legend flows like the page's: entries side by side, a new row when one does not fit; a long one wraps on its own rows.
  if (info.legend.length > 0) {
    y += 4;
    let x = PAD;
    for (const entry of info.legend) {
      const w = SWATCH + 6 + measure(entry.label, 'body');
      if (x > PAD && x + w > width - PAD) {
        x = PAD;
        y += LINE.body;
      }
      ops.push({ kind: 'swatch', x, y, entry });
      if (w <= inner) {
        ops.push({ kind: 'text', x: x + SWATCH + 6, y, text: entry.label, font: 'body', color: '#445' });
        x += w + GAP;
      } else {
        text(entry.label, 'body', '#445', x + SWATCH + 6, inner - SWATCH - 6);
        y -= LINE.body;
        x = width; // the next entry starts a row
      }
    }
    y += LINE.body;
  }

  panels.forEach((p, index) => {
    const b = bleeds[index];
    y += 6;
    text(info.panels[index] ?? '', 'heading', '#445');
    ops.push({ kind: 'image', index, x: left - b.left, y, width: b.left + p.width + b.right, height: b.top + p.height + b.bottom });
    y += b.top + p.height + b.bottom;
  });
  return { width, height: Math.ceil(y + PAD / 2), ops };
}
