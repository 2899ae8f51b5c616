import { ratingValueCounts } from '../summary';

/** The tops of the usual rating scales (0–1, 1–5 and 0.5–5, 1–10): a rating above the one that holds the rest is odd. */
const TOPS = [1, 5, 10];

/** How many ratings may stand apart from the rest: at most 0.1% of them, and at least one. */
export const apartLimit = (n: number) => Math.max(1, Math.floor(n / 1000));

export interface OddRatings {
  /** The range of the other ratings (what the scale becomes when the odd ones are left out). */
  lo: number;
  hi: number;
  /** Ratings outside the scale, in all. */
  count: number;
  /** Whether they are few enough (at most apartLimit) to be a slip rather than part of the scale: then they are left out. */
  leaveOut: boolean;
  /** Whether a rating value is outside the scale. */
  outside: (rating: number) => boolean;
}

/**
 * Ratings apart from the scale of the rest, as one 6 among 70 ratings on 1–5. With n ratings and
 * k = apartLimit(n), the common values are those more than k ratings hold; at least 3 of them make an
 * evident scale (fewer: nothing is odd). Its top is the least of 1, 5, 10 at or above the largest
 * common value; its bottom is the grid step (1 when every rating from the smallest common value up to
 * the top is a whole number, 0.5 when a half, else none). A rating above the top or below the bottom is
 * odd. So a file all on 1–10, a half-star file, or a 1–5 file whose 5 (or 1) is rare has none; a 6, 7 or
 * 10 among 1–5 ratings, or a 0.5 among whole numbers, is odd when rare. Undefined when none is odd.
 */
export function oddRatings(r: Float32Array): OddRatings | undefined {
  const n = r.length;
  const k = apartLimit(n);
  const counts = ratingValueCounts(r);
  const common = counts.filter(([, c]) => c > k).map(([v]) => v);
  if (common.length < 3) return undefined;
  const top = TOPS.find((t) => t >= common[common.length - 1]) ?? Infinity;
  const grid = counts.filter(([v]) => v >= common[0] && v <= top).map(([v]) => v);
  const step = [1, 0.5].find((s) => grid.every((v) => Number.isInteger(v / s))) ?? 0;
  const bottom = Math.min(step, common[0]);
  const outside = (v: number) => v > top || v < bottom;
  const inside = counts.filter(([v]) => !outside(v));
  const count = n - inside.reduce((m, [, c]) => m + c, 0);
  if (count === 0) return undefined;
  return { lo: inside[0][0], hi: inside[inside.length - 1][0], count, leaveOut: count <= k, outside };
}

/**
 * What is said of one odd rating ("rating 6 is outside the 1–5 scale of the other 70 ratings; left out"),
 * or, without `value`, of them all ("7 ratings are outside the 1–5 scale of the other 6,993 ratings; left out").
 */
export function oddRatingMessage(o: OddRatings, total: number, value?: number): string {
  const rest = total - o.count;
  const subject = value !== undefined ? `rating ${show(value)} is` : o.count === 1 ? '1 rating is' : `${o.count.toLocaleString('en-US')} ratings are`;
  return `${subject} outside the ${show(o.lo)}\u2013${show(o.hi)} scale of the other ${rest.toLocaleString('en-US')} rating${rest === 1 ? '' : 's'}; ${o.leaveOut ? 'left out' : 'kept'}`;
}

const show = (v: number) => String(Number(v.toPrecision(6)));
