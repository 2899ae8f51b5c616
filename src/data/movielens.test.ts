import { existsSync, openAsBlob, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zip } from './fixtures';
import { joinTestSet } from './join';
import { parseRatingsFile } from './parse';
import type { Dataset } from './types';

// Real GroupLens files are never part of this repo; CI and developers have them in ../shared/data.
const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
const ML100K = join(DATA, 'ml-100k');
const SMALL = join(DATA, 'ml-latest-small');
const has100k = existsSync(join(ML100K, 'u.data'));
const hasSmall = existsSync(join(SMALL, 'ratings.csv'));
if (!has100k) console.warn(`skipping ML-100K tests: ${ML100K}/u.data not found`);
if (!hasSmall) console.warn(`skipping ml-latest-small tests: ${SMALL}/ratings.csv not found`);

async function load(path: string): Promise<Dataset> {
  const r = await parseRatingsFile(await openAsBlob(path), path);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe.skipIf(!has100k)('MovieLens 100K (../shared/data/ml-100k)', () => {
  it('u.data has 100000 ratings by 943 users of 1682 items, on a 1-5 scale', async () => {
    const d = await load(join(ML100K, 'u.data'));
    expect(d.ratings.ratings.length).toBe(100_000);
    expect(d.numUsers).toBe(943);
    expect(d.numItems).toBe(1682);
    expect([d.ratingMin, d.ratingMax]).toEqual([1, 5]);
    expect(d.notes).toEqual([]);
  });

  it('u2.base with u2.test as the test set is an 80000/20000 split', async () => {
    const joined = joinTestSet(await load(join(ML100K, 'u2.base')), await load(join(ML100K, 'u2.test')));
    expect(joined.dataset.ratings.ratings.length).toBe(80_000);
    expect(joined.test.ratings.length).toBe(20_000);
    expect(joined.dataset.numUsers).toBe(943);
  });

  it('the archive as GroupLens ships it gives titles and the u1..u5, ua, ub splits', async () => {
    const names = ['u.data', 'u.item', ...['u1', 'u2', 'u3', 'u4', 'u5', 'ua', 'ub'].flatMap((s) => [`${s}.base`, `${s}.test`])];
    const archive = zip(Object.fromEntries(names.map((n) => [`ml-100k/${n}`, new Uint8Array(readFileSync(join(ML100K, n)))])));
    const r = await parseRatingsFile(new Blob([archive]), 'ml-100k.zip');
    if (!r.ok) throw new Error(r.error.message);
    const d = r.value;
    expect(d.ratings.ratings.length).toBe(100_000);
    expect(d.titles?.[d.itemIds.indexOf(1)]).toBe('Toy Story (1995)');
    expect(d.presetSplits?.map((s) => [s.name, s.train.ratings.length, s.test.ratings.length])).toEqual([
      ['u1', 80000, 20000],
      ['u2', 80000, 20000],
      ['u3', 80000, 20000],
      ['u4', 80000, 20000],
      ['u5', 80000, 20000],
      ['ua', 90570, 9430],
      ['ub', 90570, 9430],
    ]);
    expect(d.numUsers).toBe(943);
  });
});

describe.skipIf(!hasSmall)('MovieLens latest-small (../shared/data/ml-latest-small)', () => {
  it('ratings.csv (CRLF, header, half stars) has 100836 ratings by 610 users of 9724 movies', async () => {
    const d = await load(join(SMALL, 'ratings.csv'));
    expect(d.ratings.ratings.length).toBe(100_836);
    expect(d.numUsers).toBe(610);
    expect(d.numItems).toBe(9724);
    expect([d.ratingMin, d.ratingMax]).toEqual([0.5, 5]);
  });
});
