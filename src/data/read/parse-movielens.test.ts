import { existsSync, openAsBlob, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zip } from '../../testing/fixtures';
import { joinTestSet } from '../join';
import { parseRatingsFile } from './parse';
import type { Dataset, RatingTriples } from '../types';

// Real GroupLens files are never part of this repo: they are read from ../shared/data beside the
// repo root when present (licence: research use, no redistribution), and these tests skip otherwise.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ML100K = resolve(ROOT, '../shared/data/ml-100k');
const SMALL = resolve(ROOT, '../shared/data/ml-latest-small');
const has100k = existsSync(join(ML100K, 'u.data'));
const hasSmall = existsSync(join(SMALL, 'ratings.csv'));
if (!has100k) console.warn(`skipping the real ML-100K tests: ${ML100K} is missing`);
if (!hasSmall) console.warn(`skipping the real ml-latest-small tests: ${SMALL} is missing`);

const SPLITS = ['u1', 'u2', 'u3', 'u4', 'u5', 'ua', 'ub'];

async function load(path: string): Promise<Dataset> {
  const r = await parseRatingsFile(await openAsBlob(path), path);
  if (!r.ok) throw new Error(`${r.error.source}:${r.error.line} ${r.error.message}`);
  return r.value;
}

async function loadZip(dir: string, folder: string, members: string[]): Promise<Dataset> {
  const archive = zip(Object.fromEntries(members.map((m) => [`${folder}/${m}`, new Uint8Array(readFileSync(join(dir, m)))])));
  const r = await parseRatingsFile(new Blob([archive]), `${folder}.zip`);
  if (!r.ok) throw new Error(`${r.error.source}:${r.error.line} ${r.error.message}`);
  return r.value;
}

/** Raw "user item" keys of a set of ratings. */
const keys = (d: Dataset, t: RatingTriples) => Array.from(t.users, (u, k) => `${d.userIds[u]} ${d.itemIds[t.items[k]]}`);

describe.skipIf(!has100k)('MovieLens 100K (../shared/data/ml-100k)', () => {
  it('u.data: 100000 ratings by 943 users of 1682 items, 1..5', async () => {
    const d = await load(join(ML100K, 'u.data'));
    expect(d.format).toMatch(/^MovieLens 100K u\.data/);
    expect([d.ratings.ratings.length, d.numUsers, d.numItems]).toEqual([100_000, 943, 1682]);
    expect([d.ratingMin, d.ratingMax]).toEqual([1, 5]);
    expect(d.notes).toEqual([]);
  });

  it('u2.base with u2.test joined as the test set: an 80000/20000 split', async () => {
    const base = await load(join(ML100K, 'u2.base'));
    const test = await load(join(ML100K, 'u2.test'));
    const j = joinTestSet(base, test);
    expect(j.dataset.ratings.ratings.length).toBe(80_000);
    expect(j.test.ratings.length).toBe(20_000);
    expect(j.dataset.numUsers).toBe(943);
    const baseItems = new Set(base.itemIds);
    expect(j.unseenItems).toBe(Array.from(test.ratings.items, (i) => test.itemIds[i]).filter((id) => !baseItems.has(id)).length);
    expect(j.dataset.numItems).toBe(base.numItems + new Set(Array.from(test.itemIds).filter((id) => !baseItems.has(id))).size);
  });

  it('a GroupLens-layout zip made from the real files: titles and the u1..u5, ua, ub splits', async () => {
    const members = ['README', 'u.data', 'u.item', 'u.genre', ...SPLITS.flatMap((s) => [`${s}.base`, `${s}.test`])];
    const d = await loadZip(ML100K, 'ml-100k', members);
    expect([d.ratings.ratings.length, d.numUsers, d.numItems]).toEqual([100_000, 943, 1682]);
    expect(d.titles?.[d.itemIds.indexOf(1)]).toBe('Toy Story (1995)');
    expect(d.titles?.filter(Boolean).length).toBe(1682);
    expect(d.presetSplits?.map((s) => [s.name, s.train.ratings.length, s.test.ratings.length])).toEqual([
      ...['u1', 'u2', 'u3', 'u4', 'u5'].map((s) => [s, 80_000, 20_000]),
      ['ua', 90_570, 9_430],
      ['ub', 90_570, 9_430],
    ]);
    const all = new Set(keys(d, d.ratings));
    for (const s of d.presetSplits!) {
      const both = [...keys(d, s.train), ...keys(d, s.test)];
      expect(new Set(both).size).toBe(100_000);
      expect(both.every((k) => all.has(k))).toBe(true);
    }
  });
});

describe.skipIf(!hasSmall)('MovieLens latest-small (../shared/data/ml-latest-small)', () => {
  it('ratings.csv (CRLF, header, half stars): 100836 ratings by 610 users of 9724 movies', async () => {
    const d = await load(join(SMALL, 'ratings.csv'));
    expect(d.format).toMatch(/^MovieLens ratings\.csv/);
    expect([d.ratings.ratings.length, d.numUsers, d.numItems]).toEqual([100_836, 610, 9724]);
    expect([d.ratingMin, d.ratingMax]).toEqual([0.5, 5]);
    expect(d.notes).toEqual([]);
  });

  it('as a zip with movies.csv, tags.csv and links.csv: titles with quoted commas', async () => {
    const d = await loadZip(SMALL, 'ml-latest-small', ['links.csv', 'tags.csv', 'movies.csv', 'ratings.csv', 'README.txt']);
    expect(d.ratings.ratings.length).toBe(100_836);
    expect(d.titles?.[d.itemIds.indexOf(1)]).toBe('Toy Story (1995)');
    expect(d.titles?.[d.itemIds.indexOf(11)]).toBe('American President, The (1995)');
    expect(d.titles?.filter(Boolean).length).toBe(9724);
  });
});
