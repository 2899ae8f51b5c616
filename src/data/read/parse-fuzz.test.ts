import { strToU8, zipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blob, chunked, formats, type Row } from '../../testing/fixtures';
import { runs } from '../../testing/fuzz-runs';
import { readFiles, type FilesRead } from './files';
import { parseRatingsFile, parseRatingsStream } from './parse';
import { parseZip } from './zip';
import type { Dataset, RatingTriples, Result } from '../types';

// Property tests of the ratings readers (fast-check): whatever the bytes, a dataset that holds together or one
// error value: never a throw, never a hang. Runs per property are in each title; a failure prints its seed and
// the shrunk input, which is then kept as a plain test beside the code's other tests.

/** Throws (failing the property) unless `r` is one error value or a dataset whose parts agree. */
function wellFormed(r: Result<Dataset> | Result<FilesRead>): void {
  if (!r.ok) {
    expect(typeof r.error.message).toBe('string');
    expect(r.error.message.length).toBeGreaterThan(0);
    if (r.error.line !== undefined) expect(Number.isInteger(r.error.line) && r.error.line > 0).toBe(true);
    return;
  }
  const d = 'dataset' in r.value ? r.value.dataset : r.value;
  const test = 'dataset' in r.value ? r.value.test?.test : undefined;
  expect(d.userIds.length).toBe(d.numUsers);
  expect(d.itemIds.length).toBe(d.numItems);
  triplesIn(d.ratings, d.numUsers, d.numItems, true);
  if (test) triplesIn(test, d.numUsers, d.numItems, true);
  expect(d.ratings.ratings.length).toBeGreaterThan(0);
  // the scale: of the ratings, and of a test file joined to them
  const all = test ? [d.ratings.ratings, test.ratings] : [d.ratings.ratings];
  expect([d.ratingMin, d.ratingMax]).toEqual([Math.min(...all.map(lowest)), -Math.min(...all.map((a) => lowest(a.map((x) => -x))))]);
  for (const s of d.presetSplits ?? []) for (const t of [s.train, s.test]) triplesIn(t, d.numUsers, d.numItems, false);
  if (d.titles) expect(d.titles.length).toBe(d.numItems);
  for (const n of d.notes ?? []) expect(typeof n).toBe('string');
}

function triplesIn(t: RatingTriples, numUsers: number, numItems: number, distinct: boolean): void {
  const n = t.ratings.length;
  expect([t.users.length, t.items.length]).toEqual([n, n]);
  const pairs = new Set<number>();
  for (let k = 0; k < n; k++) {
    const [u, i, r] = [t.users[k], t.items[k], t.ratings[k]];
    if (!(u >= 0 && u < numUsers && i >= 0 && i < numItems && r > 0 && r <= 10)) throw new Error(`rating ${k} out of range: user ${u}/${numUsers}, item ${i}/${numItems}, rating ${r}`);
    if (distinct && pairs.size === pairs.add(u * numItems + i).size) throw new Error(`rating ${k} repeats (user ${u}, item ${i})`);
  }
}

const enc = (s: string) => strToU8(s);

function lowest(a: Float32Array): number {
  let m = Infinity;
  for (const x of a) m = Math.min(m, x);
  return m;
}

/** Pieces ratings files are made of, and of what breaks them. */
const token = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('1', '2', '5', '10', '0', '-1', '3.5', '4,5', '007', '.5', '5.', '2147483647', '2147483648', '99999999999', '1e3', '0x1F', 'NaN', '4.0000000001') },
  { weight: 5, arbitrary: fc.constantFrom('\t', ',', ';', '::', ':', ' ', '|', '\t\t', ',,') },
  { weight: 2, arbitrary: fc.constantFrom('"', "'", '\r', '\ufeff', '\u0000', '\u00e9', '\u{1F600}', '\ufffd', '[', '{', '\\', '\u2028') },
  { weight: 2, arbitrary: fc.constantFrom('userId', 'movieId', 'rating', 'timestamp', 'user_id', 'item', 'score', 'title', 'genres', 'movie', 'id', '(no genres listed)') },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);
const line = fc.array(token, { maxLength: 12 }).map((t) => t.join(''));
/** Text that looks like a ratings file, often enough to get past the first line. */
const text = fc.tuple(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean()).map(([ls, nl, end]) => ls.join(nl) + (end ? nl : ''));
/** A valid ratings file with a few lines replaced by noise. */
const damaged = fc
  .tuple(
    fc.array(fc.tuple(fc.nat(20), fc.nat(20), fc.integer({ min: 1, max: 5 }), fc.nat(2e9)), { minLength: 1, maxLength: 60 }),
    fc.constantFrom<keyof typeof formats>('udata', 'dat', 'csv', 'generic', 'genericTsv', 'headerless'),
    fc.array(fc.tuple(fc.nat(80), line), { maxLength: 3 }),
  )
  .map(([rs, kind, noise]) => {
    const lines = formats[kind](rs as Row[]).split('\n');
    for (const [at, l] of noise) lines.splice(at % (lines.length + 1), 1, l);
    return lines.join('\n');
  });
const anyText = fc.oneof(text, damaged);

/** Member names the archive reader looks at, and others. */
const member = fc.constantFrom('u.data', 'ml-100k/u.data', 'ratings.csv', 'ml-1m/ratings.dat', 'movies.csv', 'ml-1m/movies.dat', 'ml-100k/u.item', 'ml-100k/u1.base', 'ml-100k/u1.test', 'README', '__MACOSX/u.data', 'dir/');
const archive = fc
  .tuple(fc.array(fc.tuple(member, anyText), { minLength: 1, maxLength: 4 }), fc.constantFrom(0, 6))
  .map(([files, level]) => zipSync(Object.fromEntries(files.map(([name, t]) => [name, [enc(t), { level: level as 0 | 6 }]]))));
/** An archive cut short, or with bytes overwritten. */
const brokenArchive = fc
  .tuple(archive, fc.oneof(fc.record({ cut: fc.double({ min: 0, max: 1, noNaN: true }) }), fc.record({ flips: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }) })))
  .map(([zip, how]) => {
    if ('cut' in how) return zip.slice(0, Math.floor(how.cut * zip.length));
    const out = zip.slice();
    for (const [at, x] of how.flips) out[Math.floor(at * out.length)] ^= x;
    return out;
  });

const parse = (bytes: Uint8Array, name = 'f') => parseRatingsFile(blob(bytes), name);

describe('property: any input to the ratings readers gives a dataset or one error value', () => {
  it(`any bytes (${runs(2400)} runs)`, async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (b) => wellFormed(await parse(b))), { numRuns: runs(2400) });
  });

  it(`text made of ratings pieces, and valid files with noise lines (${runs(4000)} runs)`, async () => {
    await fc.assert(fc.asyncProperty(anyText, async (t) => wellFormed(await parse(enc(t)))), { numRuns: runs(4000) });
  });

  it(`the same in chunks of any size: the same dataset or the same error (${runs(2400)} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(anyText, fc.integer({ min: 1, max: 64 }), async (t, size) => {
        const b = enc(t);
        const whole = await parseRatingsStream(chunked(b, 1 << 20), 'f', b.length);
        const parts = await parseRatingsStream(chunked(b, size), 'f', b.length);
        expect(parts).toEqual(whole);
      }),
      { numRuns: runs(2400) },
    );
  });

  it(`valid rows with duplicates, in any format and chunking: the later line of each pair, in its place (${runs(1600)} runs)`, async () => {
    const rowsArb = fc.array(fc.tuple(fc.nat(30), fc.nat(30), fc.integer({ min: 1, max: 5 }), fc.nat(2e9)), { minLength: 1, maxLength: 200 });
    const kind = fc.constantFrom<keyof typeof formats>('udata', 'dat', 'csv', 'generic', 'genericTsv', 'headerless');
    await fc.assert(
      fc.asyncProperty(rowsArb, kind, fc.integer({ min: 1, max: 256 }), async (rs, k, size) => {
        const b = enc(formats[k](rs as Row[]));
        const r = await parseRatingsStream(chunked(b, size), 'f', b.length);
        if (!r.ok) throw new Error(r.error.message);
        const last = new Map(rs.map(([u, i], at) => [`${u} ${i}`, at]));
        const want = rs.filter(([u, i], at) => last.get(`${u} ${i}`) === at).map(([u, i, s]) => [u, i, s]);
        const d = r.value;
        expect(Array.from(d.ratings.ratings, (s, j) => [d.userIds[d.ratings.users[j]], d.itemIds[d.ratings.items[j]], s])).toEqual(want);
      }),
      { numRuns: runs(1600) },
    );
  });

  it(`zip archives of such members, whole, cut short or with bytes overwritten (${runs(2400)} runs)`, async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(archive, brokenArchive), async (z) => wellFormed(await parse(z, 'a.zip'))), { numRuns: runs(2400) });
  });

  it(`a whole archive in chunks of any size: the same dataset or the same error (${runs(1200)} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(archive, fc.integer({ min: 1, max: 300 }), async (z, size) => {
        const whole = await parseZip(chunked(z, 1 << 20), 'a.zip', z.length, {});
        expect(await parseZip(chunked(z, size), 'a.zip', z.length, {})).toEqual(whole);
      }),
      { numRuns: runs(1200) },
    );
  });

  it(`several files dropped together, each text, titles or an archive, over loaded data or none (${runs(1600)} runs)`, async () => {
    const names = fc.constantFrom('u.data', 'u1.base', 'u1.test', 'ratings.csv', 'test.csv', 'movies.csv', 'u.item', 'notes.txt', 'a.zip');
    const content = fc.oneof(anyText.map(enc), archive, brokenArchive, fc.uint8Array({ maxLength: 256 }));
    const loaded = await parse(enc(formats.udata([[1, 1, 5, 0], [1, 2, 3, 0], [2, 1, 4, 0], [2, 2, 2, 0], [3, 1, 1, 0]])));
    if (!loaded.ok) throw new Error(loaded.error.message);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(names, content), { minLength: 1, maxLength: 3 }), fc.boolean(), async (files, over) => {
        const r = await readFiles(files.map(([name, b]) => ({ name, blob: blob(b) })), over ? loaded.value : undefined);
        wellFormed(r);
      }),
      { numRuns: runs(1600) },
    );
  });
});

describe('property: titles files, whatever they hold', () => {
  it(`titles, genres and what a file is: never a throw, one entry per item (${runs(2400)} runs)`, async () => {
    const { IdMap } = await import('../ids');
    const { parseTitles, detectTitles } = await import('./titles');
    const { parseGenres } = await import('./genres');
    const { recognise } = await import('./files');
    const items = IdMap.from(Int32Array.from([1, 2, 3, 5, 8, 13]));
    const kind = fc.constantFrom('u.item', 'movies.dat', 'movies.csv' as const);
    await fc.assert(
      fc.asyncProperty(anyText, kind, async (t, k) => {
        const b = enc(t);
        expect(parseTitles(k, b, items)).toHaveLength(items.size);
        const g = parseGenres(k, b, items);
        if (g) expect(g.items).toHaveLength(items.size);
        const layout = detectTitles(t.split('\n').filter((l) => l.trim()));
        if (layout) expect(parseTitles(layout, b, items)).toHaveLength(items.size);
        expect(['archive', 'ratings', 'titles', 'other']).toContain(recognise(b).kind);
      }),
      { numRuns: runs(2400) },
    );
  });
});

/**
 * Inputs built to be slow: one long line of quotes, digits, delimiters or spaces; many lines; a header of
 * many columns. Each is read as a file alone, beside a ratings file (titles), and as an archive's movies.csv.
 */
const SLOW_FAMILIES: Record<string, (n: number) => string> = {
  quotes: (n) => 'a' + '"'.repeat(n),
  'movies.csv quotes': (n) => 'movieId,title,genres\n1,a' + '"'.repeat(n) + '\n',
  'id-title quotes': (n) => '1,Title a\n2,Title b\n3,x' + '"'.repeat(n) + '\n',
  'a long number': (n) => '1\t1\t' + '5'.repeat(n),
  'many fields': (n) => '1,'.repeat(n / 2),
  'blank lines': (n) => '\n'.repeat(n),
  'CRLF lines of one rating': (n) => '1,1,5\r\n'.repeat(n / 7),
  colons: (n) => '1::'.repeat(n / 3),
  'genre pipes': (n) => '1::Title::' + '|'.repeat(n),
  spaces: (n) => ' '.repeat(n),
  'a wide header': (n) => 'user,item,rating,' + 'x,'.repeat(n / 2),
  'one line with every pair new': (n) => Array.from({ length: n / 12 }, (_, k) => `${k}\t${k}\t5`).join('\n'),
};

describe('time grows with the bytes, not faster', () => {
  // A wall-clock bound, generous: these read at 10-100 ms per MB here; what it guards against (a quadratic
  // step) takes minutes per MB. Speed itself is measured by `npm run bench:parse`, never asserted.
  const MS_PER_MB = 10_000;
  /** Big enough for a quadratic step to show (the quadratic splitCsv took 20 s on 256 KB), small enough that it fails in a minute, not an hour. */
  const SIZE = 1 << 18;
  it(`every slow family at 256 KB, three ways, within ${MS_PER_MB / 1000} s per MB (${Object.keys(SLOW_FAMILIES).length} families)`, async () => {
    const ratings = { name: 'u.data', blob: blob('1\t1\t5\n1\t2\t4\n2\t1\t3\n2\t2\t2\n') };
    for (const [family, make] of Object.entries(SLOW_FAMILIES)) {
      const b = enc(make(SIZE));
      const t0 = performance.now();
      wellFormed(await readFiles([{ name: 'x.csv', blob: blob(b) }], undefined));
      wellFormed(await readFiles([ratings, { name: 'x.csv', blob: blob(b) }], undefined));
      wellFormed(await parse(zipSync({ 'u.data': enc('1\t1\t5\n1\t2\t4\n2\t1\t3\n2\t2\t2\n'), 'movies.csv': b }), 'a.zip'));
      const ms = (performance.now() - t0) / 3 / (SIZE / (1 << 20));
      expect(ms, `${family}: ${Math.round(ms)} ms per MB`).toBeLessThan(MS_PER_MB);
    }
  });
});
