import { makeRng } from '../data/rng';

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47];

/** The radical inverse of n in `base`: the n-th Halton coordinate. */
export function radicalInverse(n: number, base: number): number {
  let x = 0;
  let f = 1 / base;
  for (let i = n; i > 0; i = Math.floor(i / base), f /= base) x += f * (i % base);
  return x;
}

/**
 * Quasi-random points of the unit cube (a Halton sequence, shifted per dimension by a seeded offset mod 1,
 * a Cranley-Patterson rotation): spread more evenly than random draws, so a short search still covers the
 * space; the seed gives another, equally even, sequence.
 */
export function haltonPoints(dims: number, seed: number): (index: number) => number[] {
  if (dims > PRIMES.length) throw new Error(`at most ${PRIMES.length} searched settings, not ${dims}`);
  const rng = makeRng(seed ^ 0x4a17);
  const shift = Array.from({ length: dims }, () => rng());
  return (index) => shift.map((s, d) => (radicalInverse(index + 1, PRIMES[d]) + s) % 1);
}
