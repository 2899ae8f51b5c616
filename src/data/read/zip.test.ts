import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { blob, chunked, formats, itemsOf, rows, sample, fixtureTitle, titles, zip, type Row } from '../../testing/fixtures';
import { parseRatingsFile } from './parse';
import type { Dataset, ParseError, Result } from '../types';
import { parseZip } from './zip';

const data = rows(sample(40, 30, 600, 3));
const items = itemsOf(data);

async function ok(r: Promise<Result<Dataset>>): Promise<Dataset> {
  const res = await r;
  if (!res.ok) throw new Error(`expected success, got ${res.error.source} line ${res.error.line}: ${res.error.message}`);
  return res.value;
}

async function bad(r: Promise<Result<Dataset>>): Promise<ParseError> {
  const res = await r;
  if (res.ok) throw new Error('expected a parse error');
  return res.error;
}

const parse = (bytes: Uint8Array, name: string) => parseRatingsFile(blob(bytes), name);

/** Raw (user, item, rating) of each rating in a split, through the dataset's id arrays. */
const rawOf = (d: Dataset, t: Dataset['ratings']) => Array.from(t.ratings, (r, k) => [d.userIds[t.users[k]], d.itemIds[t.items[k]], r]);
const raw = (r: Row[]) => r.map(([u, i, s]) => [u, i, s]);

/** ML-100K's layout; `splitsFirst` puts u1..ub before u.data, as an archive tool might. */
function ml100k(splitsFirst: boolean): Record<string, string | Uint8Array> {
  const splits: Record<string, string> = {};
  for (const [k, s] of ['u1', 'u2', 'u3', 'u4', 'u5', 'ua', 'ub'].entries()) {
    splits[`ml-100k/${s}.base`] = formats.udata(data.filter((_, j) => j % 7 !== k));
    splits[`ml-100k/${s}.test`] = formats.udata(data.filter((_, j) => j % 7 === k));
  }
  const rest = { 'ml-100k/README': 'made up', 'ml-100k/u.data': formats.udata(data), 'ml-100k/u.genre': 'unknown|0\n', 'ml-100k/u.item': titles.uitem(items) };
  return splitsFirst ? { 'ml-100k/': new Uint8Array(0), ...splits, ...rest } : { 'ml-100k/': new Uint8Array(0), ...rest, ...splits };
}

describe('GroupLens zip archives', () => {
  it.each([false, true])('ml-100k.zip (splits first: %s): u.data, titles from latin-1 u.item, u1..u5/ua/ub with the same ids', async (splitsFirst) => {
    const d = await ok(parse(zip(ml100k(splitsFirst)), 'ml-100k.zip'));
    expect(d.source).toBe('ml-100k.zip › ml-100k/u.data');
    expect(d.format).toMatch(/^MovieLens 100K u\.data .*zip/);
    expect(rawOf(d, d.ratings)).toEqual(raw(data));
    expect(d.presetSplits?.map((s) => s.name)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'ua', 'ub']);
    d.presetSplits!.forEach((s, k) => {
      expect(rawOf(d, s.train)).toEqual(raw(data.filter((_, j) => j % 7 !== k)));
      expect(rawOf(d, s.test)).toEqual(raw(data.filter((_, j) => j % 7 === k)));
    });
    expect(d.numUsers).toBe(new Set(data.map((x) => x[0])).size);
    expect(d.titles).toEqual(Array.from(d.itemIds, fixtureTitle));
    expect(d.titles?.[0]).toContain('Caf\u00e9, "Film"');
  });

  it('ml-1m.zip: ratings.dat with latin-1 movies.dat titles', async () => {
    const d = await ok(parse(zip({ 'ml-1m/movies.dat': titles.moviesDat(items), 'ml-1m/ratings.dat': formats.dat(data), 'ml-1m/users.dat': '1::F::1::10::48067\n' }), 'ml-1m.zip'));
    expect(d.format).toMatch(/^MovieLens 1M\/10M ratings\.dat/);
    expect(rawOf(d, d.ratings)).toEqual(raw(data));
    expect(d.titles).toEqual(Array.from(d.itemIds, fixtureTitle));
    expect(d.presetSplits).toBeUndefined();
  });

  it('ml-latest-small.zip / ml-25m.zip: ratings.csv with quoted UTF-8 movies.csv titles; tags.csv, links.csv and big members skipped', async () => {
    const half = rows(sample(40, 30, 600, 3), true);
    const members = {
      'ml-25m/links.csv': 'movieId,imdbId,tmdbId\r\n1,0114709,862\r\n',
      'ml-25m/tags.csv': 'userId,movieId,tag,timestamp\r\n1,2,funny,3\r\n',
      'ml-25m/genome-scores.csv': 'movieId,tagId,relevance\n' + '1,1,0.0250000000000000\n'.repeat(50_000),
      'ml-25m/movies.csv': titles.moviesCsv(items),
      'ml-25m/ratings.csv': formats.csv(half),
    };
    const d = await ok(parse(zip(members), 'ml-25m.zip'));
    expect(d.format).toMatch(/^MovieLens ratings\.csv/);
    expect(d.source).toBe('ml-25m.zip › ml-25m/ratings.csv');
    expect(rawOf(d, d.ratings)).toEqual(raw(half).map(([u, i, r]) => [u, i, Math.fround(r)]));
    expect(d.titles).toEqual(Array.from(d.itemIds, fixtureTitle));
  });

  it('members stored without compression, ratings not in a folder, titles for some items only', async () => {
    const archive = zipSync({ 'ratings.csv': [strToU8(formats.csv(data)), { level: 0 }], 'movies.csv': [titles.moviesCsv(items.slice(0, 3)), { level: 0 }] });
    const d = await ok(parse(archive, 'mine.zip'));
    expect(rawOf(d, d.ratings)).toEqual(raw(data));
    expect(d.titles?.filter(Boolean).length).toBe(3);
    expect(d.titles?.length).toBe(d.numItems);
  });

  it('a streamed zip (data descriptors, as macOS Finder writes) with __MACOSX entries', async () => {
    const parts: Uint8Array[] = [];
    const z = new Zip((err, chunk) => {
      if (err) throw err;
      parts.push(chunk);
    });
    for (const [path, text] of [['__MACOSX/ml-1m/._ratings.dat', '\u0000\u0005junk'], ['ml-1m/ratings.dat', formats.dat(data)], ['ml-1m/movies.dat', titles.moviesDat(items)]] as const) {
      const f = new ZipDeflate(path);
      z.add(f);
      f.push(typeof text === 'string' ? strToU8(text) : text, true);
    }
    z.end();
    const d = await ok(parse(Uint8Array.from(parts.flatMap((p) => [...p])), 'ml-1m.zip'));
    expect(d.source).toBe('ml-1m.zip › ml-1m/ratings.dat');
    expect(rawOf(d, d.ratings)).toEqual(raw(data));
    expect(d.titles).toEqual(Array.from(d.itemIds, fixtureTitle));
  });

  it.each([1, 7, 4096])('gives the same dataset when the archive arrives in %i-byte chunks', async (size) => {
    const archive = zip(ml100k(true));
    const whole = await ok(parse(archive, 'ml-100k.zip'));
    expect(await ok(parseZip(chunked(archive, size), 'ml-100k.zip', archive.length, {}))).toEqual(whole);
  });

  it('reports progress over the archive bytes', async () => {
    const archive = zip({ 'ml-latest-small/ratings.csv': formats.csv(rows(sample(300, 200, 40_000))) });
    const seen: number[] = [];
    await ok(parseZip(chunked(archive, 1 << 12), 'z.zip', archive.length, { onProgress: (p) => seen.push(p.bytesRead) }));
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toBe(archive.length);
  });
});

describe('bad archives', () => {
  const big = zip({ 'ml-100k/u.data': formats.udata(rows(sample(80, 60, 3000))), 'ml-100k/u.item': titles.uitem(items) });

  it.each([0.3, 0.6, 0.97])('a zip cut at %f of its length is truncated', async (at) => {
    const e = await bad(parse(big.subarray(0, Math.floor(big.length * at)), 'cut.zip'));
    expect(e.message).toMatch(/the zip archive is truncated/);
    expect(e.source).toBe('cut.zip');
  });

  it('a zip with no ratings file says what it looked for', async () => {
    const e = await bad(parse(zip({ 'x/README': 'hello', 'x/tags.csv': 'userId,movieId,tag,timestamp\n1,2,x,3\n', 'x/links.csv': 'movieId,imdbId,tmdbId\n1,2,3\n' }), 'none.zip'));
    expect(e.message).toBe('the zip archive holds no ratings file (looked for u.data, ratings.dat, ratings.csv)');
  });

  it('a bad line inside the archive names the member and the line', async () => {
    const e = await bad(parse(zip({ 'ml-100k/u.data': '1\t2\t5\t0\n1\t2\tbad\t0\n' }), 'ml-100k.zip'));
    expect(e).toEqual({ message: 'rating "bad" is not a number', line: 2, source: 'ml-100k.zip › ml-100k/u.data' });
  });

  it('a bad line in a split member fails too, naming that member', async () => {
    const e = await bad(parse(zip({ 'ml-100k/u.data': formats.udata(data), 'ml-100k/u1.base': formats.udata(data), 'ml-100k/u1.test': '1\t2\t9.5.1\t0\n' }), 'ml-100k.zip'));
    expect(e).toMatchObject({ line: 1, source: 'ml-100k.zip › ml-100k/u1.test' });
  });

  it('an empty ratings member', async () => {
    expect((await bad(parse(zip({ 'ml-1m/ratings.dat': '' }), 'ml-1m.zip'))).message).toMatch(/ratings file is empty/);
  });

  it('corrupt compressed data in the ratings member', async () => {
    const archive = zip({ 'ml-25m/ratings.csv': formats.csv(rows(sample(80, 60, 3000))) }).slice();
    archive.fill(0xff, 60, 90);
    expect((await bad(parse(archive, 'bad.zip'))).message).toMatch(/^the zip archive is damaged: ml-25m\/ratings.csv: invalid/);
  });

  it('a stored member starting "\\0\\n" is binary data in chunks of any size (fast-check: in 2-byte chunks it was called UTF-16)', async () => {
    const archive = zipSync({ 'u.data': [strToU8('\0\nuserId'), { level: 0 }] });
    for (const size of [1, 2, archive.length]) {
      expect(await bad(parseZip(chunked(archive, size), 'a.zip', archive.length, {}))).toEqual({ message: 'this is a binary file, not text (it has NUL bytes)', line: 1, source: 'a.zip › u.data' });
    }
  });
});

