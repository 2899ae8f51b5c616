import { download } from '../state/download';
import { composeChartImage, FONTS, LINE, SWATCH, type Bleed, type ChartExport, type Font, type LegendEntry } from './png-layout';

/** The export of each chart figure on the page (see registerChartExport). */
const exports = new WeakMap<Element, () => ChartExport>();

/** `figure` tells what its PNG says around its panels: `info` is called as the PNG is made, before the panels are copied. */
export function registerChartExport(figure: Element, info: () => ChartExport): void {
  exports.set(figure, info);
}

/** The titles and legend of the chart the SVGs belong to; without a registered chart, the panels' headings alone. */
function exportOf(svgs: SVGSVGElement[]): ChartExport {
  const figure = svgs[0]?.closest('[data-testid="chart"]');
  const registered = figure ? exports.get(figure)?.() : undefined;
  const titles = svgs.map((s, k) => s.closest('.panel')?.querySelector('h3')?.textContent ?? registered?.panels[k] ?? '');
  return { title: 'Training curves', legend: [], ...registered, panels: titles };
}

/**
 * How far the SVG's labels and marks (text, circles) reach past its box: a tick label at the top, a reference
 * line's label above the plot, the kept epoch's rings at the right edge. On the page the box may clip them; the
 * PNG shows them whole.
 */
function bleedOf(svg: SVGSVGElement): Bleed {
  const box = svg.getBoundingClientRect();
  const b: Bleed = { left: 0, top: 0, right: 0, bottom: 0 };
  for (const el of svg.querySelectorAll('text, circle')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue; // not drawn
    b.left = Math.max(b.left, Math.ceil(box.left - r.left));
    b.top = Math.max(b.top, Math.ceil(box.top - r.top));
    b.right = Math.max(b.right, Math.ceil(r.right - box.right));
    b.bottom = Math.max(b.bottom, Math.ceil(r.bottom - box.bottom));
  }
  return b;
}

/** The SVG as an image of its box grown by its bleed (its viewBox grown to match, in its own units). */
async function toImage(svg: SVGSVGElement): Promise<{ img: HTMLImageElement; width: number; height: number; bleed: Bleed }> {
  const { width, height } = svg.getBoundingClientRect();
  const bleed = bleedOf(svg);
  const vb = svg.viewBox.baseVal;
  const [vx, vy, vw, vh] = vb && vb.width > 0 && vb.height > 0 ? [vb.x, vb.y, vb.width, vb.height] : [0, 0, width, height];
  const [sx, sy] = [vw / width, vh / height];
  const [w, h] = [width + bleed.left + bleed.right, height + bleed.top + bleed.bottom];
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // As an image the SVG has no page style around it: its text would fall back to a serif font.
  clone.setAttribute('font-family', getComputedStyle(svg).fontFamily || 'system-ui, sans-serif');
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  clone.setAttribute('viewBox', [vx - bleed.left * sx, vy - bleed.top * sy, w * sx, h * sy].join(' '));
  const img = new Image();
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the chart could not be rendered'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`;
  });
  return { img, width, height, bleed };
}

function drawSwatch(ctx: CanvasRenderingContext2D, x: number, y: number, e: LegendEntry): void {
  const mid = y + LINE.body / 2 - 1;
  ctx.save();
  ctx.globalAlpha = e.opacity ?? 1;
  ctx.strokeStyle = e.color;
  ctx.lineWidth = 2;
  if (e.mark === 'ring') {
    ctx.beginPath();
    ctx.arc(x + SWATCH / 2, mid, 5, 0, 2 * Math.PI);
    ctx.stroke();
  } else {
    ctx.setLineDash(e.dash ? e.dash.split(/[ ,]+/).map(Number) : []);
    ctx.beginPath();
    ctx.moveTo(x + 1, mid);
    ctx.lineTo(x + SWATCH - 1, mid);
    ctx.stroke();
    if (e.mark === 'dot-line') {
      ctx.setLineDash([]);
      ctx.lineWidth = 1;
      ctx.fillStyle = '#fff';
      ctx.beginPath();
      ctx.arc(x + SWATCH / 2, mid, 2.5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }
  ctx.restore();
}

/**
 * Renders SVG elements (the chart's panels) stacked into one PNG on a white background, with the chart's
 * title, the run's settings and kept epoch, the legend and each panel's title (composeChartImage).
 */
export async function svgsToPng(svgs: SVGSVGElement[], scale = 2, info: ChartExport = exportOf(svgs)): Promise<Blob> {
  const images = await Promise.all(svgs.map(toImage));
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  const measure = (t: string, font: Font) => {
    ctx.font = FONTS[font];
    return ctx.measureText(t).width;
  };
  const layout = composeChartImage(info, images, measure);
  canvas.width = Math.ceil(layout.width * scale);
  canvas.height = Math.ceil(layout.height * scale);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(scale, scale);
  ctx.textBaseline = 'top';
  for (const op of layout.ops) {
    if (op.kind === 'image') ctx.drawImage(images[op.index].img, op.x, op.y, op.width, op.height);
    else if (op.kind === 'swatch') drawSwatch(ctx, op.x, op.y, op.entry);
    else {
      ctx.font = FONTS[op.font];
      ctx.fillStyle = op.color;
      ctx.fillText(op.text, op.x, op.y + 2);
    }
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/** The training chart's panels as one PNG, downloaded. */
export async function downloadChartPng(): Promise<void> {
  const svgs = [...document.querySelectorAll<SVGSVGElement>('[data-testid="chart"] svg.recharts-surface')];
  download('autorec-chart.png', await svgsToPng(svgs));
}
