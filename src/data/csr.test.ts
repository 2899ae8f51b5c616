import { describe, expect, it } from 'vitest';
import { makeRng } from './rng';
import { entriesIn, toCsr } from './csr';
import type { RatingTriples } from './types';

/** Distinct (user, item) pairs in shuffled order, each rated 1..5. */
function triples(users: number, items: number, n: number, seed: number): RatingTriples {
  const rng = makeRng(seed);
  const seen = new Set<number>();
  const u: number[] = [];
  const i: number[] = [];
  while (u.length < n) {
    const a = Math.floor(rng() * users);
    const b = Math.floor(rng() * items);
    if (seen.has(a * items + b)) continue;
    seen.add(a * items + b);
    u.push(a);
    i.push(b);
  }
  return { users: Int32Array.from(u), items: Int32Array.from(i), ratings: Float32Array.from(u, () => 1 + Math.floor(rng() * 5)) };
}

describe('entriesIn', () => {
  it('finds each entry of the user-rows matrix in the item-rows one (and back)', () => {
    const t = triples(30, 40, 500, 3);
    const byItem = toCsr(t, 30, 40, true);
    const byUser = toCsr(t, 30, 40, false);
    const at = entriesIn(byItem, byUser);
    const back = entriesIn(byUser, byItem);
    const rowOf = (m: typeof byItem, k: number) => {
      let r = 0;
      while (m.rowPtr[r + 1] <= k) r++;
      return r;
    };
    for (let k = 0; k < byUser.colIdx.length; k++) {
      const j = at[k];
      expect(byItem.colIdx[j], `entry ${k}: the user`).toBe(rowOf(byUser, k));
      expect(rowOf(byItem, j), `entry ${k}: the item`).toBe(byUser.colIdx[k]);
      expect(byItem.values[j]).toBe(byUser.values[k]);
      expect(back[j]).toBe(k);
    }
    expect(new Set(at).size, 'a permutation').toBe(at.length);
  });

  it('refuses two matrices of different pairs', () => {
    const a = toCsr(triples(10, 12, 40, 1), 10, 12, true);
    const b = toCsr(triples(10, 12, 40, 2), 10, 12, false);
    expect(() => entriesIn(a, b)).toThrow(/differ|entries/);
    expect(() => entriesIn(a, toCsr(triples(10, 12, 41, 1), 10, 12, false))).toThrow(/not one set/);
  });
});
