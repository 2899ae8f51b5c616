import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../../testing/fuzz-runs';
import { IdMap } from '../ids';
import { FOLD_FROM, RatingsBuilder } from './parse-builder';

describe('RatingsBuilder folds duplicates as they stream in', () => {
  it('holds what is distinct, not what was read: one pair added 3 million times is one rating, the last', () => {
    const b = new RatingsBuilder();
    const n = 3_000_000;
    for (let k = 0; k < n; k++) b.add(1, 1, (k % 5) + 1);
    expect(b.ratings.length).toBeLessThanOrEqual(FOLD_FROM);
    expect(b.length).toBeLessThanOrEqual(FOLD_FROM);
    const kept = b.kept();
    expect([...kept.ratings]).toEqual([((n - 1) % 5) + 1]);
    expect(b.duplicates).toBe(n - 1);
    expect(b.firstDuplicate).toEqual([1, 2]);
  });

  it('the later line wins, in its place, as the fold at the end alone gives (3 folds on the way)', () => {
    const b = new RatingsBuilder();
    const pairs = 1000;
    const n = 4 * FOLD_FROM + 123;
    const last = new Map<number, [number, number]>();
    for (let k = 0; k < n; k++) {
      const p = (k * 7919) % pairs;
      b.add(p % 31, Math.floor(p / 31), (k % 9) + 1);
      last.set(p, [k, (k % 9) + 1]);
    }
    expect(b.ratings.length).toBeLessThanOrEqual(2 * FOLD_FROM);
    const kept = b.kept();
    const want = [...last.entries()].sort((x, y) => x[1][0] - y[1][0]);
    const raw = (ids: Int32Array, k: number) => b.userIds.rawIds()[ids[k]];
    expect(Array.from(kept.ratings, (r, k) => [raw(kept.users, k) + 31 * b.itemIds.rawIds()[kept.items[k]], r])).toEqual(want.map(([p, [, r]]) => [p, r]));
    expect(b.duplicates).toBe(n - pairs);
    expect(b.firstDuplicate).toEqual([1, pairs + 1]);
  });

  it('keeps the lines of what is kept through the folds', () => {
    const b = new RatingsBuilder();
    // rating k on line 2k + 3 (a header and a blank line between ratings); pair k % 10 repeats
    const n = 2 * FOLD_FROM + 5;
    for (let k = 0; k < n; k++) {
      b.markLine(2 * k + 3);
      b.add(k % 10, 0, 1 + (k % 3));
    }
    b.kept();
    expect(b.length).toBe(10);
    expect(Array.from({ length: 10 }, (_, j) => b.lineOf(j))).toEqual(Array.from({ length: 10 }, (_, j) => 2 * (n - 10 + j) + 3));
    expect(b.firstDuplicate).toEqual([3, 23]);
  });
});

describe('property: folding as they come is folding once at the end', () => {
  // Ratings on lines with gaps (skipped lines), pairs drawn from a few users and items so they repeat,
  // folded every few ratings: what is kept, in what order, on which lines, is the reference's.
  const rating = fc.record({ user: fc.nat(6), item: fc.nat(6), rating: fc.integer({ min: 1, max: 5 }), gap: fc.oneof(fc.constant(0), fc.nat(3)) });
  it(`the later line wins, in its place; lines, counts and the first duplicate as the reference says (${runs(2000)} runs)`, () => {
    fc.assert(
      fc.property(fc.array(rating, { maxLength: 120 }), fc.integer({ min: 1, max: 40 }), (rs, foldFrom) => {
        const b = new RatingsBuilder(new IdMap(), new IdMap(), foldFrom);
        const lines: number[] = [];
        let line = 0;
        for (const r of rs) {
          line += 1 + r.gap;
          if (r.gap > 0 || lines.length === 0) b.markLine(line);
          lines.push(line);
          b.add(r.user, r.item, r.rating);
        }
        const kept = b.kept();
        // the reference: the last occurrence of each pair, in file order
        const last = new Map<string, number>();
        rs.forEach((r, k) => last.set(`${r.user} ${r.item}`, k));
        const keep = rs.map((_, k) => k).filter((k) => last.get(`${rs[k].user} ${rs[k].item}`) === k);
        const raw = Array.from(kept.ratings, (v, j) => [b.userIds.rawIds()[kept.users[j]], b.itemIds.rawIds()[kept.items[j]], v, b.lineOf(j)]);
        expect(raw).toEqual(keep.map((k) => [rs[k].user, rs[k].item, rs[k].rating, lines[k]]));
        expect(b.duplicates).toBe(rs.length - keep.length);
        const seen = new Map<string, number>();
        let first: [number, number] | undefined;
        rs.forEach((r, k) => {
          const key = `${r.user} ${r.item}`;
          if (!first && seen.has(key)) first = [lines[seen.get(key)!], lines[k]];
          seen.set(key, k);
        });
        expect(b.firstDuplicate).toEqual(first);
      }),
      { numRuns: runs(2000) },
    );
  });
});
