import { memo, useEffect, useMemo, useRef, useState } from 'react';
import './model-views.css';
import type { ItemInfo, ModelView, Neighbour } from '../../worker/messages';
import { GenreLegend } from './GenreLegend';
import { genreColors, itemGenreOf, OTHER_GENRES, PICKED_OTHER } from './genre-colors';
import { Neighbours } from './Neighbours';

/** The map's height in CSS pixels: the canvases' (the frame around them adds its border outside). */
const HEIGHT = 440;
/** Space between the frame and the quantile box the points are scaled into; far-out points sit in it. */
const PAD = 14;
/** The nearest a point's centre comes to the frame's border. */
const EDGE = 4;
const CELL = 12;

interface ItemMapProps {
  view: ModelView;
  info: ItemInfo;
  neighbours?: { item: number; list: Neighbour[]; minRatings: number };
  onPick: (item: number) => void;
}

/** The q and 1-q quantiles of `a`, one sort of a copy (the map's frame leaves the few far-out items at its edge). */
function range(a: Float32Array, q: number): [number, number] {
  const s = Float32Array.from(a).sort();
  const at = (f: number) => s[Math.min(s.length - 1, Math.max(0, Math.floor(f * (s.length - 1))))] ?? 0;
  return [at(q), at(1 - q)];
}

/** '#rrggbb' as a little-endian RGBA pixel (alpha 255). */
const pixel = (hex: string) => (0xff << 24) | (parseInt(hex.slice(5, 7), 16) << 16) | (parseInt(hex.slice(3, 5), 16) << 8) | parseInt(hex.slice(1, 3), 16);
const pct = (f: number) => (100 * f).toFixed(f < 0.1 || f > 0.99 ? 1 : 0);

/**
 * Each item's learned vector projected on its first two principal components, on a canvas (tens of thousands of
 * points): coloured by first genre, a title on hover, a click asks for the item's nearest neighbours (by the vectors
 * themselves, not the projection). A genre in the legend can be picked to show only its items in colour.
 */
export const ItemMap = memo(function ItemMap({ view, info, neighbours, onPick }: ItemMapProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const base = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(640);
  const [hover, setHover] = useState<{ item: number; x: number; y: number }>();
  const [picked, setPicked] = useState<number>();
  const [genre, setGenre] = useState<number>();
  const { x, y, explained } = view.map;
  const n = x.length;
  // Colour-blind-safe colours for the most common genres; the rest are "other genres" (genre-colors.ts).
  const colors = useMemo(() => (info.genres ? genreColors(info.genres) : []), [info.genres]);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(280, Math.floor(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Screen position of every item; the grid of cells for hover and click is made on the first hover.
  const layout = useMemo(() => {
    const [[x0, x1], [y0, y1]] = [range(x, 0.005), range(y, 0.005)];
    const sx = (width - 2 * PAD) / Math.max(1e-9, x1 - x0);
    const sy = (HEIGHT - 2 * PAD) / Math.max(1e-9, y1 - y0);
    const px = new Float32Array(n);
    const py = new Float32Array(n);
    // The far-out items are held EDGE from the border: a whole point (1.5 px around its centre) even in the
    // frame's rounded corners.
    for (let i = 0; i < n; i++) {
      px[i] = Math.min(width - EDGE, Math.max(EDGE, PAD + (x[i] - x0) * sx));
      py[i] = Math.min(HEIGHT - EDGE, Math.max(EDGE, HEIGHT - PAD - (y[i] - y0) * sy));
    }
    return { px, py, grid: undefined as Map<number, number[]> | undefined };
  }, [x, y, n, width]);
  const gridOf = () => {
    if (layout.grid) return layout.grid;
    const grid = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const key = Math.floor(layout.px[i] / CELL) * 10_000 + Math.floor(layout.py[i] / CELL);
      const cell = grid.get(key);
      if (cell) cell.push(i);
      else grid.set(key, [i]);
    }
    return (layout.grid = grid);
  };

  // The points: written as pixels into one ImageData (tens of thousands of points in a few milliseconds), the
  // picked genre's (or every coloured) item over the dimmed ones.
  useEffect(() => {
    const c = base.current;
    if (!c) return;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const W = Math.round(width * dpr);
    const H = Math.round(HEIGHT * dpr);
    c.width = W;
    c.height = H;
    const ctx = c.getContext('2d')!;
    const img = ctx.createImageData(W, H);
    const px32 = new Uint32Array(img.data.buffer);
    const g = info.genres;
    const dimmed = pixel('#d5dbe1');
    const chosen = genre !== undefined ? pixel(colors[genre] ?? PICKED_OTHER) : 0;
    const palette = colors.map((c) => (c ? pixel(c) : 0));
    const genreOf = itemGenreOf(colors);
    const other = pixel(OTHER_GENRES);
    const r = Math.max(1, Math.round((n > 20_000 ? 1 : 1.5) * dpr));
    // A point is a square 2r wide around its centre: kept whole inside the canvas, at any edge.
    const plot = (i: number, color: number) => {
      const cx = Math.min(W - r, Math.max(r, Math.round(layout.px[i] * dpr)));
      const cy = Math.min(H - r, Math.max(r, Math.round(layout.py[i] * dpr)));
      for (let yy = Math.max(0, cy - r); yy < Math.min(H, cy + r); yy++) px32.fill(color, yy * W + Math.max(0, cx - r), yy * W + Math.min(W, cx + r));
    };
    const on = (i: number) => genre === undefined || Boolean(g && g.items[i] & (1 << genre));
    for (let i = 0; i < n; i++) if (!on(i)) plot(i, dimmed);
    for (let i = 0; i < n; i++) {
      if (!on(i)) continue;
      const k = g ? genreOf(g.items[i]) : -1;
      plot(i, genre !== undefined ? chosen : k >= 0 ? palette[k] : other);
    }
    ctx.putImageData(img, 0, 0);
  }, [layout, genre, info.genres, colors, n, width]);

  // The picked item, its neighbours and the hovered item, on a canvas of their own (no redraw of every point).
  const near = neighbours && neighbours.item === picked ? neighbours.list : undefined;
  useEffect(() => {
    const c = overlay.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = HEIGHT * dpr;
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const ring = (i: number, r: number, color: string, w: number) => {
      ctx.beginPath();
      ctx.arc(layout.px[i], layout.py[i], r, 0, 2 * Math.PI);
      ctx.strokeStyle = color;
      ctx.lineWidth = w;
      ctx.stroke();
    };
    for (const m of near ?? []) if (m.item < n) ring(m.item, 5, '#111', 1.5);
    if (picked !== undefined && picked < n) ring(picked, 7, '#d00', 2.5);
    if (hover) ring(hover.item, 6, '#333', 1.5);
  }, [layout, near, picked, hover, n, width]);

  const itemAt = (ex: number, ey: number): number | undefined => {
    let best: number | undefined;
    let bestD = 8 * 8;
    const cx = Math.floor(ex / CELL);
    const cy = Math.floor(ey / CELL);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const i of gridOf().get((cx + dx) * 10_000 + cy + dy) ?? []) {
          const d = (layout.px[i] - ex) ** 2 + (layout.py[i] - ey) ** 2;
          if (d < bestD) [best, bestD] = [i, d];
        }
    return best;
  };
  const pos = (e: React.MouseEvent) => {
    const r = (e.target as HTMLElement).getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  const genresOf = (i: number) => (info.genres ? info.genres.names.filter((_, k) => info.genres!.items[i] & (1 << k)) : []);
  const pick = (i: number) => {
    setPicked(i);
    onPick(i);
  };

  return (
    <section className="item-map" aria-labelledby="h-item-map" data-testid="item-map" data-epoch={view.epoch} data-items={n}>
      <h2 id="h-item-map">Item map</h2>
      <p className="rec-note">
        Each {view.network.variant === 'I' ? "item's hidden code (what the encoder makes of its ratings)" : "item's decoder row"}, projected on its first two
        principal components ({pct(explained[0])}% and {pct(explained[1])}% of the variance), epoch {view.epoch}. Hover for a title, click for
        the items nearest it.
      </p>
      {info.genres && <GenreLegend names={info.genres.names} colors={colors} genre={genre} onGenre={setGenre} />}
      <div ref={wrap} className="map-frame" data-testid="map-frame" style={{ position: 'relative', height: HEIGHT }}>
        <canvas ref={base} style={{ position: 'absolute', inset: 0, width, height: HEIGHT }} aria-hidden />
        <canvas
          ref={overlay}
          role="img"
          aria-label={`Map of ${n} items`}
          data-testid="item-map-canvas"
          style={{ position: 'absolute', inset: 0, width, height: HEIGHT, cursor: hover ? 'pointer' : 'default' }}
          onMouseMove={(e) => {
            const [ex, ey] = pos(e);
            const i = itemAt(ex, ey);
            setHover(i === undefined ? undefined : { item: i, x: ex, y: ey });
          }}
          onMouseLeave={() => setHover(undefined)}
          onClick={(e) => {
            const i = itemAt(...pos(e));
            if (i !== undefined) pick(i);
          }}
        />
        {hover && (
          <div className="map-tip" role="tooltip" data-testid="map-tip" style={{ position: 'absolute', left: Math.min(hover.x + 12, width - 220), top: Math.max(0, hover.y - 44) }}>
            <strong>{info.titles[hover.item]}</strong>
            <br />
            {genresOf(hover.item).join(', ') || 'no genre'} · {info.ratings[hover.item]} training ratings
          </div>
        )}
      </div>
      {picked !== undefined && <Neighbours title={info.titles[picked]} near={near} minRatings={neighbours?.minRatings} onPick={pick} />}
    </section>
  );
});
