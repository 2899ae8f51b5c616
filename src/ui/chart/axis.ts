/** An axis drawn by hand: its bounds, its ticks, and the decimals its tick labels need. */
export interface Axis {
  domain: [number, number];
  ticks: number[];
  digits: number;
}

/** A rescale waits until the data fills less than this share of the axis (or leaves it). */
const MIN_FILL = 0.3;

/** The smallest of 1, 2, 2.5 and 5 (1, 2 and 5 for integers) times a power of ten that is at least `raw`. */
export function niceStep(raw: number, integer = false): number {
  if (integer && raw <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const multiples = integer && p < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  return multiples.map((m) => m * p).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * p;
}

function decimals(step: number): number {
  for (let d = 0; d < 8; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  return 8;
}

/** Ticks every `step` from `from` to `to`, both included. */
function axis(from: number, to: number, step: number): Axis {
  const ticks: number[] = [];
  for (let k = 0; from + k * step <= to + step * 1e-6; k++) ticks.push(Number((from + k * step).toFixed(10)));
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks, digits: decimals(step) };
}

/** Round-number bounds around [lo, hi], about four steps; not below 0 for data that is not. */
export function niceAxis(lo: number, hi: number): Axis {
  const span = hi - lo || Math.abs(hi) * 0.1 || 1;
  const pad = hi > lo ? 0 : span / 2; // a lone value sits in the middle
  const step = niceStep(span / 4);
  const from = Math.floor((lo - pad) / step) * step;
  const to = Math.max(Math.ceil((hi + pad) / step) * step, from + step);
  return axis(lo >= 0 ? Math.max(0, from) : from, to, step);
}

/**
 * `prev` while it still holds [lo, hi] and the data fill enough of it, so that a growing curve rescales
 * its chart only now and then; otherwise a fresh nice axis. Without data, `prev` (or 0 to 1).
 */
export function stickyAxis(prev: Axis | undefined, lo: number | undefined, hi: number | undefined): Axis {
  if (lo === undefined || hi === undefined) return prev ?? niceAxis(0, 1);
  const [from, to] = prev?.domain ?? [0, 0];
  if (prev && lo >= from && hi <= to && hi - lo >= MIN_FILL * (to - from)) return prev;
  const next = niceAxis(lo, hi);
  return prev && next.domain[0] === from && next.domain[1] === to ? prev : next;
}

/** Epochs 1 to `last`: 1, then multiples of a round step. */
export function epochAxis(last: number): Axis {
  const step = niceStep(Math.max(1, (last - 1) / 5), true);
  const ticks = [1];
  for (let t = step; t <= last; t += step) if (t > 1) ticks.push(t);
  return { domain: [1, last], ticks, digits: 0 };
}

/** Lowest and highest of the values and of `start` (undefined for none). */
export function extent(values: Iterable<number>, start?: [number, number]): [number, number] | undefined {
  let r = start;
  for (const v of values) if (Number.isFinite(v)) r = r ? [Math.min(r[0], v), Math.max(r[1], v)] : [v, v];
  return r;
}
