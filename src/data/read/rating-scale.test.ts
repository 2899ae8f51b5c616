import { describe, expect, it } from 'vitest';
import { makeRng } from '../rng';
import { apartLimit, oddRatingMessage, oddRatings } from './rating-scale';

/** n ratings cycling through `values`, with `odd` put in at the given 0-based indices. */
const cycling = (n: number, values: number[], odd: Record<number, number> = {}) => Float32Array.from({ length: n }, (_, k) => odd[k] ?? values[k % values.length]);
const range = (lo: number, hi: number, step = 1) => Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, k) => lo + k * step);
const oddAt = (r: Float32Array) => {
  const o = oddRatings(r);
  return o ? r.reduce<number[]>((at, v, k) => (o.outside(v) ? [...at, k] : at), []) : [];
};

describe('oddRatings: a few ratings outside the scale of the rest', () => {
  it('k is 0.1% of the ratings, at least one', () => {
    expect([1, 71, 1999, 2000, 100_000, 25_000_095].map(apartLimit)).toEqual([1, 1, 1, 2, 100, 25_000]);
  });

  it('one 6 among 70 ratings on 1–5: left out, the scale 1–5 (the issue\u2019s file)', () => {
    const r = cycling(71, range(1, 5), { 36: 6 });
    const o = oddRatings(r)!;
    expect(o).toMatchObject({ lo: 1, hi: 5, count: 1, leaveOut: true });
    expect(oddAt(r)).toEqual([36]);
    expect(oddRatingMessage(o, r.length, 6)).toBe('rating 6 is outside the 1\u20135 scale of the other 70 ratings; left out');
  });

  it('the same at 25 million ratings, with up to 25,000 of them odd', () => {
    const n = 25_000_000;
    const r = cycling(n, range(1, 5));
    for (let k = 0; k < 25_000; k++) r[k * 997 + 13] = 6;
    const o = oddRatings(r)!;
    expect(o).toMatchObject({ lo: 1, hi: 5, count: 25_000, leaveOut: true });
    r[5] = 7; // one more: more than k apart is not a slip; they are kept, and still named
    expect(oddRatings(r)).toMatchObject({ lo: 1, hi: 5, count: 25_001, leaveOut: false });
  });

  it('a rare top value of the usual scales is not odd: a single 5 among 1–4, a single 10 among 1–9, a single 1 among 0.1–0.9', () => {
    expect(oddRatings(cycling(71, range(1, 4), { 3: 5 }))).toBeUndefined();
    expect(oddRatings(cycling(500, range(1, 9), { 3: 10 }))).toBeUndefined();
    expect(oddRatings(cycling(500, range(0.1, 0.9, 0.1), { 3: 1 }))).toBeUndefined();
  });

  it('a rare bottom value is not odd when it is on the grid (a 1 among 2–5, a 0.5 among half stars), odd when off it', () => {
    expect(oddRatings(cycling(71, range(2, 5), { 3: 1 }))).toBeUndefined();
    expect(oddRatings(cycling(300, range(1, 5, 0.5), { 3: 0.5 }))).toBeUndefined();
    const r = cycling(300, range(1, 5), { 3: 0.5 });
    expect(oddRatings(r)).toMatchObject({ lo: 1, hi: 5, count: 1, leaveOut: true });
  });

  it('far above: a 10 among 1–5, a 3 among 0–1 ratings', () => {
    expect(oddAt(cycling(1000, range(1, 5), { 10: 10 }))).toEqual([10]);
    expect(oddAt(cycling(1000, range(0.1, 1, 0.1), { 10: 3 }))).toEqual([10]);
  });

  it('a value more than k ratings hold is part of the scale: two 6s in 71 ratings make it 1–6', () => {
    expect(oddRatings(cycling(71, range(1, 5), { 3: 6, 40: 6 }))).toBeUndefined();
    expect(oddRatings(cycling(3000, range(1, 5), { 3: 6, 40: 6 }))).toMatchObject({ count: 2, leaveOut: true });
  });

  it('several odd values, each rare but more than k together: kept, and named', () => {
    const o = oddRatings(cycling(71, range(1, 5), { 3: 6, 40: 7 }))!;
    expect(o).toMatchObject({ lo: 1, hi: 5, count: 2, leaveOut: false });
    expect(oddRatingMessage(o, 71, 7)).toBe('rating 7 is outside the 1\u20135 scale of the other 69 ratings; kept');
    expect(oddRatingMessage(o, 71)).toBe('2 ratings are outside the 1\u20135 scale of the other 69 ratings; kept');
  });

  it('no evident scale (fewer than 3 values held by more than k ratings): nothing is odd', () => {
    expect(oddRatings(Float32Array.of(1, 1, 2, 2, 3, 5, 6))).toBeUndefined();
    expect(oddRatings(Float32Array.of(1, 1, 2, 2, 3, 3, 6))).toMatchObject({ lo: 1, hi: 3, count: 1 });
  });
});

/** The usual scales, with how often each value comes (the shape of MovieLens' own distributions, roughly). */
const SCALES: { name: string; values: number[]; weights: number[] }[] = [
  { name: '1–5', values: range(1, 5), weights: [6, 11, 27, 34, 21] },
  { name: '0.5–5', values: range(0.5, 5, 0.5), weights: [2, 3, 3, 7, 5, 20, 13, 26, 8, 13] },
  { name: '1–10', values: range(1, 10), weights: [3, 3, 5, 7, 12, 15, 18, 17, 11, 9] },
  { name: '0–1', values: range(0.1, 1, 0.1), weights: [4, 6, 8, 10, 14, 16, 14, 12, 9, 7] },
];

function draw(n: number, scale: (typeof SCALES)[number], rand: () => number): Float32Array {
  const total = scale.weights.reduce((a, b) => a + b, 0);
  return Float32Array.from({ length: n }, () => {
    let u = rand() * total;
    let j = 0;
    while (u >= scale.weights[j]) u -= scale.weights[j++];
    return scale.values[j];
  });
}

describe('oddRatings, property-style over generated files (seeded)', () => {
  const rand = makeRng(26);
  const cases = Array.from({ length: 60 }, (_, c) => ({ scale: SCALES[c % SCALES.length], n: 50 + Math.floor(rand() ** 3 * 200_000) }));

  it('a file whose ratings are all on a usual scale has none odd, at any size', () => {
    for (const { scale, n } of cases) expect(oddRatings(draw(n, scale, rand)), `${scale.name}, ${n} ratings`).toBeUndefined();
  });

  it('up to k ratings above its top are found, exactly, and the scale is the rest\u2019s', () => {
    for (const { scale, n } of cases) {
      const top = scale.values[scale.values.length - 1];
      if (top === 10) continue; // nothing can be above 10: the parser refuses it
      const r = draw(n, scale, rand);
      const j = 1 + Math.floor(rand() * apartLimit(n));
      const at = new Set<number>();
      while (at.size < j) at.add(Math.floor(rand() * n));
      for (const k of at) r[k] = Math.fround(top + 0.5 + Math.floor(rand() * 2 * (10 - top - 0.5)) / 2);
      const o = oddRatings(r);
      expect(o, `${scale.name}, ${n} ratings, ${j} odd`).toMatchObject({ lo: r.reduce((m, v) => Math.min(m, v), Infinity), hi: Math.fround(top), count: j, leaveOut: true });
      expect(oddAt(r)).toEqual([...at].sort((a, b) => a - b));
    }
  });
});
