import { strToU8 } from 'fflate';
import { existsSync, openAsBlob, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planFiles, readFiles, recognise, namedTest, type Dropped, type DroppedFile, type FilesRead, type Recognised } from './files';
import { formats, itemsOf, rows, sample, fixtureTitle, titles, zip, type Row } from '../../testing/fixtures';
import type { Dataset, ParseError, Result } from '../types';

// Every file here is made by the test (MovieLens-shaped, never GroupLens content).

const data = rows(sample(40, 30, 600, 3));
const items = itemsOf(data);
const trainRows = data.filter((_, k) => k % 5 !== 0);
const testRows = data.filter((_, k) => k % 5 === 0);
const semicolon = (r: Row[]) => ['userId;movieId;rating', ...r.map(([u, i, x]) => `${u};${i};${String(x).replace('.', ',')}`)].join('\n') + '\n';
const bytes = (x: string | Uint8Array) => (typeof x === 'string' ? strToU8(x) : x);
const file = (name: string, content: string | Uint8Array): DroppedFile => ({ name, blob: new Blob([bytes(content) as Uint8Array<ArrayBuffer>]) });
const kind = (content: string | Uint8Array) => recognise(bytes(content)).kind;

async function ok(r: Promise<Result<FilesRead>>): Promise<FilesRead> {
  const res = await r;
  if (!res.ok) throw new Error(`expected success, got ${res.error.source ?? ''}: ${res.error.message}`);
  return res.value;
}
async function bad(r: Promise<Result<FilesRead>>): Promise<ParseError> {
  const res = await r;
  if (res.ok) throw new Error('expected an error');
  return res.error;
}
const titleAt = (d: Dataset, rawItem: number) => d.titles?.[d.itemIds.indexOf(rawItem)];

describe('recognise: what a file is, from its first bytes', () => {
  it.each([
    ['u.data', formats.udata(data)],
    ['ratings.dat', formats.dat(data)],
    ['ratings.csv', formats.csv(data)],
    ['a generic CSV with header', formats.generic(data)],
    ['a generic TSV with header', formats.genericTsv(data)],
    ['a headerless CSV', formats.headerless(data)],
    ["a ';'-separated export with decimal commas", semicolon(rows(sample(), true))],
  ])('ratings: %s', (_, text) => {
    expect(recognise(bytes(text))).toMatchObject({ kind: 'ratings' });
  });

  it.each([
    ['u.item', titles.uitem(items), '|'],
    ['movies.dat', titles.moviesDat(items), '::'],
    ['movies.csv', titles.moviesCsv(items), ','],
    ['movies.csv without its header', strToU8(items.map((i) => `${i},"${fixtureTitle(i).replaceAll('"', '""')}",Comedy`).join('\n')), ','],
    ['a TSV of id and title', strToU8(items.map((i) => `${i}\tFilm ${i}`).join('\n')), '\t'],
    ['a header with the title first', strToU8(['title;item_id', ...items.map((i) => `Film ${i};${i}`)].join('\n')), ';'],
  ])('titles: %s', (_, content, delimiter) => {
    expect(recognise(content)).toMatchObject({ kind: 'titles', layout: { delimiter } });
  });

  it.each([
    ['users.dat (ML-1M)', '1::F::1::10::48067\n2::M::56::16::70072\n3::M::25::15::55117\n4::M::45::7::02460\n'],
    ['u.user (ML-100K)', '1|24|M|technician|85711\n2|53|F|other|94043\n'],
    ['u.genre', 'unknown|0\nAction|1\n'],
    ['u.info', '943 users\n1682 items\n'],
    ['tags.csv', 'userId,movieId,tag,timestamp\n2,60756,funny,1445714994\n'],
    ['links.csv', 'movieId,imdbId,tmdbId\n1,0114709,862\n'],
    ['tags.dat (ML-10M)', '15::4973::excellent!::1215184630\n20::1747::politics::1188263867\n'],
    ['a README', 'SUMMARY & USAGE LICENSE\n=====\n\nMovieLens data sets were collected by...\n'],
    ['a shell script', '#!/bin/sh\n\ntrap `rm -f tmp.$$; exit 1` 1 2 15\n'],
  ])('neither: %s', (_, text) => {
    expect(kind(text)).toBe('other');
  });

  it('archives, and what cannot be text, with the true reason', () => {
    expect(recognise(zip({ 'ml-100k/u.data': formats.udata(data) }))).toEqual({ kind: 'archive' });
    const reason = (content: string | Uint8Array) => (recognise(bytes(content)) as { reason: string }).reason;
    expect(reason(new Uint8Array([0xff, 0xfe, 0x31, 0, 0x2c, 0]))).toMatch(/^this is UTF-16 text/);
    expect(reason(new Uint8Array([0x31, 0, 0x2c, 0, 0x32, 0, 10, 0]))).toMatch(/^this is UTF-16 text/);
    expect(reason(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13]))).toBe('this is a binary file, not text');
    expect(reason('[{"user": 1, "item": 2, "rating": 5}]')).toBe('JSON is not read: export CSV or TSV with user, item and rating columns');
    expect(reason(' \n{"ratings": []}')).toMatch(/^JSON is not read/);
    expect(reason(new Uint8Array([0x1f, 0x8b, 8, 0]))).toMatch(/gzip/);
  });

  it('a last line cut short by the head is not judged', () => {
    const head = strToU8('1::Toy Film (1995)::Comedy\n2::Other Film (1996)::Drama\n3::Thi');
    expect(recognise(head, false)).toMatchObject({ kind: 'titles' });
  });
});

describe('namedTest', () => {
  it('u1.test, test.csv, ratings_test.tsv; not latest.csv or contest.csv', () => {
    expect(['u1.test', 'ub.test', 'test.csv', 'ratings_test.tsv', 'ml/ratings.test.csv', 'Test-Set.csv'].map(namedTest)).toEqual([true, true, true, true, true, true]);
    expect(['u1.base', 'latest.csv', 'contest.csv', 'ratings.csv', 'testing.csv'].map(namedTest)).toEqual([false, false, false, false, false]);
  });
});

describe('planFiles: the rule', () => {
  const r = (name: string): Dropped => ({ name, what: { kind: 'ratings', format: 'f' } });
  const t = (name: string): Dropped => ({ name, what: { kind: 'titles', layout: { delimiter: '::', id: 0, title: 1, quoted: false, format: 'f' } } });
  const o = (name: string): Dropped => ({ name, what: { kind: 'other', reason: `${name} is nothing` } });
  const a = (name: string): Dropped => ({ name, what: { kind: 'archive' } satisfies Recognised });
  const plan = (...files: Dropped[]) => {
    const p = planFiles(files);
    if (!p.ok) throw new Error(p.error);
    return p.value;
  };
  const refused = (...files: Dropped[]) => {
    const p = planFiles(files);
    if (p.ok) throw new Error('expected a refusal');
    return p.error;
  };

  it('ratings and titles, in any order; other files ignored', () => {
    expect(plan(t('movies.dat'), o('README'), r('ratings.dat'), o('users.dat'))).toEqual({ ratings: 2, titles: 0, splits: [], extraTitles: [], ignored: [1, 3] });
  });

  it('a second ratings file: the one named test, else the smaller (decided once read)', () => {
    expect(plan(r('u1.test'), r('u1.base'))).toMatchObject({ ratings: 1, second: 0, testBy: 'name' });
    expect(plan(r('a.csv'), r('b.csv'))).toMatchObject({ ratings: 0, second: 1, testBy: 'size' });
    expect(plan(r('u1.test'), r('u2.test'))).toMatchObject({ testBy: 'size' });
  });

  it("ML-100K's split pairs beside u.data are its splits; an unpaired one is the test file", () => {
    const names = ['u.data', 'u1.base', 'u1.test', 'u2.base', 'u2.test', 'ua.test'];
    expect(plan(...names.map(r), t('u.item'))).toMatchObject({
      ratings: 0,
      second: 5,
      testBy: 'name',
      titles: 6,
      splits: [
        { name: 'u1', base: 1, test: 2 },
        { name: 'u2', base: 3, test: 4 },
      ],
    });
  });

  it('titles alone; a second titles file is not used', () => {
    expect(plan(t('movies.csv'), t('movies.dat'), o('links.csv'))).toEqual({ titles: 0, extraTitles: [1], ignored: [2], splits: [] });
  });

  it('an archive stands alone', () => {
    expect(plan(a('ml-100k.zip'), o('README'))).toMatchObject({ ratings: 0, ignored: [1] });
    expect(refused(a('ml-1m.zip'), t('movies.dat'))).toMatch(/^ml-1m\.zip is an archive, read on its own .*: drop it alone, not with movies\.dat$/);
    expect(refused(a('a.zip'), a('b.zip'))).toMatch(/drop it alone, not with b\.zip/);
  });

  it('refuses three ratings files, and files that hold nothing usable, saying why', () => {
    expect(refused(r('a.csv'), r('b.csv'), r('c.csv'))).toMatch(/^3 ratings files \(a\.csv, b\.csv, c\.csv\): drop one/);
    expect(refused(r('u1.base'), r('u1.test'), r('u2.base'), r('u2.test'))).toMatch(/^4 ratings files/);
    expect(refused(o('a.json'), o('b.txt'))).toBe('none of these files holds ratings or titles (a.json: a.json is nothing; b.txt: b.txt is nothing)');
  });
});

describe('readFiles: files dropped together', () => {
  it.each([
    ['ratings.dat + movies.dat (ML-1M/10M)', file('ratings.dat', formats.dat(data)), file('movies.dat', titles.moviesDat(items))],
    ['ratings.csv + movies.csv (ML-20M+, ml-latest)', file('ratings.csv', formats.csv(data)), file('movies.csv', titles.moviesCsv(items))],
    ['u.data + u.item (ML-100K)', file('u.data', formats.udata(data)), file('u.item', titles.uitem(items))],
  ])('%s: ratings with titles, in either order', async (_, ratings, names) => {
    for (const order of [
      [ratings, names],
      [names, ratings],
    ]) {
      const { dataset: d, test } = await ok(readFiles(order, undefined));
      expect(test).toBeUndefined();
      expect(d.source).toBe(ratings.name);
      expect(d.ratings.ratings.length).toBe(data.length);
      expect(d.titles?.filter(Boolean).length).toBe(items.length);
      expect(titleAt(d, items[3])).toBe(fixtureTitle(items[3])); // "Café, "Film" N (1995)": latin-1 or UTF-8, quotes undone
      expect(d.notes).toEqual([`${ratings.name}: the ratings`, expect.stringMatching(new RegExp(`^titles from ${names.name} \\(.*\\): ${items.length} of ${items.length} items named$`))]);
    }
  });

  it('u1.base + u1.test: the file named test is the test set, joined to the ratings ids; titles too', async () => {
    const extra: Row = [999_999, items[0], 4, 0];
    const got = await ok(readFiles([file('u1.test', formats.udata([...testRows, extra])), file('u.item', titles.uitem(items)), file('u1.base', formats.udata(trainRows))], undefined));
    expect(got.dataset.source).toBe('u1.base');
    expect(got.dataset.ratings.ratings.length).toBe(trainRows.length);
    expect(got.test?.source).toBe('u1.test');
    expect(got.test?.test.ratings.length).toBe(testRows.length + 1);
    expect(got.test?.unseenUsers).toBe(1);
    expect(got.test?.dataset).toBe(got.dataset);
    expect(got.dataset.titles?.filter(Boolean).length).toBe(items.length);
    expect(got.dataset.notes).toEqual([
      'u1.base: the ratings',
      'u1.test: the test set (named as a test file); Split is set to \u201cA second file\u2026\u201d',
      expect.stringMatching(/^titles from u\.item/),
    ]);
  });

  it('two ratings files, neither named test: the smaller is the test set when it shares the ids', async () => {
    const got = await ok(readFiles([file('part-b.csv', formats.csv(testRows)), file('part-a.csv', formats.csv(trainRows))], undefined));
    expect(got.dataset.source).toBe('part-a.csv');
    expect(got.test?.source).toBe('part-b.csv');
    expect(got.dataset.notes?.[1]).toMatch(/^part-b\.csv: the test set \(the smaller of the two ratings files, over the same users and items\)/);
  });

  it('two ratings files over different ids, or of equal size, are refused', async () => {
    const other = testRows.map(([u, i, r, t]): Row => [u + 10_000, i + 10_000, r, t]);
    expect((await bad(readFiles([file('a.csv', formats.csv(trainRows)), file('b.csv', formats.csv(other))], undefined))).message).toMatch(
      /^a\.csv and b\.csv share few users and items \(0% of b\.csv's ratings\)/,
    );
    expect((await bad(readFiles([file('a.csv', formats.csv(testRows)), file('b.csv', formats.udata(testRows))], undefined))).message).toMatch(/hold as many ratings .*cannot tell which is the test set/);
  });

  it('an ML-100K folder dropped whole: u.data with its splits and titles, the rest ignored and listed', async () => {
    const splits = { u1: [trainRows, testRows], ua: [testRows, trainRows] };
    const got = await ok(
      readFiles(
        [
          file('README', 'SUMMARY & USAGE LICENSE\n\nMovieLens...\n'),
          file('u.data', formats.udata(data)),
          file('u.item', titles.uitem(items)),
          file('u.user', '1|24|M|technician|85711\n'),
          file('u.info', '943 users\n'),
          ...Object.entries(splits).flatMap(([s, [b, t]]) => [file(`${s}.base`, formats.udata(b)), file(`${s}.test`, formats.udata(t))]),
        ],
        undefined,
      ),
    );
    const d = got.dataset;
    expect(got.test).toBeUndefined();
    expect(d.presetSplits?.map((s) => [s.name, s.train.ratings.length, s.test.ratings.length])).toEqual([
      ['u1', trainRows.length, testRows.length],
      ['ua', testRows.length, trainRows.length],
    ]);
    expect(d.titles?.filter(Boolean).length).toBe(items.length);
    expect(d.notes).toEqual([
      'u1.base + u1.test, ua.base + ua.test: the ready-made splits u1, ua of u.data (Split menu)',
      expect.stringMatching(/^titles from u\.item/),
      'ignored, neither ratings nor titles: README, u.user, u.info',
    ]);
  });

  it('a titles file alone attaches titles to the loaded ratings (and names what it named)', async () => {
    const { dataset: loaded } = await ok(readFiles([file('ratings.dat', formats.dat(data))], undefined));
    expect(loaded.titles).toBeUndefined();
    const some = items.slice(0, 10);
    const got = await ok(readFiles([file('movies.dat', titles.moviesDat([...some, 123_456_789]))], loaded));
    expect(got.titlesOnly).toBe(true);
    expect(got.dataset.ratings).toBe(loaded.ratings);
    expect(got.dataset.titles?.filter(Boolean).length).toBe(10);
    expect(titleAt(got.dataset, some[0])).toBe(fixtureTitle(some[0]));
    expect(got.dataset.notes).toEqual([`titles from movies.dat (movies.dat-style ('::'-separated)): 10 of ${items.length} items named`]);
    // a later titles file fills in, keeps what it does not name, and its note replaces the earlier one
    const again = await ok(readFiles([file('movies.csv', strToU8(`movieId,title\n${items[20]},Late Film (2001)\n`))], got.dataset));
    expect(again.dataset.titles?.filter(Boolean).length).toBe(11);
    expect(again.dataset.notes).toEqual([expect.stringMatching(/^titles from movies\.csv .*: 1 of \d+ items named$/)]);
    const none = await ok(readFiles([file('movies.dat', titles.moviesDat([123_456_789]))], loaded));
    expect(none.dataset.notes).toEqual([`titles from movies.dat: it names none of these ${items.length} items (the titles of another dataset?)`]);
  });

  it('a titles file with nothing loaded says what it is instead of "item id is not a whole number"', async () => {
    const e = await bad(readFiles([file('movies.dat', titles.moviesDat(items))], undefined));
    expect(e).toEqual({ message: 'movies.dat holds movie titles, not ratings: drop it together with a ratings file, or after one', source: 'movies.dat' });
    const json = await bad(readFiles([file('movies.dat', titles.moviesDat(items)), file('ratings.json', '[{"user": 1}]')], undefined));
    expect(json.message).toBe(
      'movies.dat holds movie titles, not ratings: drop it together with a ratings file, or after one (not ratings: ratings.json: JSON is not read: export CSV or TSV with user, item and rating columns)',
    );
  });

  it('one file alone is read as before, errors with their line', async () => {
    const got = await ok(readFiles([file('ratings.csv', formats.csv(data))], undefined));
    expect(got.dataset.notes).toEqual([]);
    expect(await bad(readFiles([file('bad.csv', '1,2,5\n1,3,x\n')], undefined))).toEqual({ message: 'rating "x" is not a number', line: 2, source: 'bad.csv' });
    expect((await bad(readFiles([file('r.json', '[{"user":1}]')], undefined))).message).toMatch(/^JSON is not read/);
    const archive = await ok(readFiles([file('ml.zip', zip({ 'ml/ratings.dat': formats.dat(data), 'ml/movies.dat': titles.moviesDat(items) }))], undefined));
    expect(archive.dataset.titles?.filter(Boolean).length).toBe(items.length);
  });

  it('a bad ratings file among several stops the load with its line', async () => {
    const e = await bad(readFiles([file('movies.dat', titles.moviesDat(items)), file('ratings.dat', formats.dat(data) + '5::6::x::0\n')], undefined));
    expect(e).toEqual({ message: 'rating "x" is not a number', line: data.length + 1, source: 'ratings.dat' });
  });

  it('several files of which none holds ratings or titles are refused with each reason', async () => {
    const e = await bad(readFiles([file('a.json', '{"x": 1}'), file('b.txt', 'hello there\n')], undefined));
    expect(e.message).toMatch(/^none of these files holds ratings or titles \(a\.json: JSON is not read.*; b\.txt: no field delimiter found \(found spaces\)/);
  });
});

// Real GroupLens files are never part of this repo: read from ../shared/data when present, skipped otherwise.
const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
const has100k = existsSync(join(SHARED, 'ml-100k/u.data'));
const hasSmall = existsSync(join(SHARED, 'ml-latest-small/ratings.csv'));
if (!has100k) console.warn(`skipping the real ML-100K folder test: ${SHARED}/ml-100k is missing`);
if (!hasSmall) console.warn(`skipping the real ml-latest-small folder test: ${SHARED}/ml-latest-small is missing`);
const folder = async (dir: string) => Promise.all(readdirSync(join(SHARED, dir)).map(async (n) => ({ name: n, blob: await openAsBlob(join(SHARED, dir, n)) })));

describe('real folders dropped whole', () => {
  it.skipIf(!has100k)('ml-100k: u.data with titles and the seven splits, as from the zip; the rest ignored', async () => {
    const { dataset: d, test } = await ok(readFiles(await folder('ml-100k'), undefined));
    expect(test).toBeUndefined();
    expect([d.source, d.ratings.ratings.length, d.numUsers, d.numItems]).toEqual(['u.data', 100_000, 943, 1682]);
    expect(d.presetSplits?.map((s) => s.name)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'ua', 'ub']);
    expect(d.titles?.[d.itemIds.indexOf(1)]).toBe('Toy Story (1995)');
    expect(d.titles?.filter(Boolean).length).toBe(1682);
    expect(d.notes?.at(-1)).toMatch(/^ignored, neither ratings nor titles: /);
    for (const n of ['README', 'u.info', 'u.genre', 'u.occupation', 'u.user', 'allbut.pl', 'mku.sh']) expect(d.notes?.at(-1)).toContain(n);
  });

  it.skipIf(!has100k)('ml-100k: u1.base + u1.test alone: the test set is u1.test', async () => {
    const pick = (await folder('ml-100k')).filter((f) => f.name === 'u1.base' || f.name === 'u1.test');
    const got = await ok(readFiles(pick, undefined));
    expect([got.dataset.source, got.dataset.ratings.ratings.length, got.test?.source, got.test?.test.ratings.length]).toEqual(['u1.base', 80_000, 'u1.test', 20_000]);
  });

  it.skipIf(!hasSmall)('ml-latest-small: ratings.csv with movies.csv titles; tags, links and README ignored', async () => {
    const { dataset: d } = await ok(readFiles(await folder('ml-latest-small'), undefined));
    expect([d.source, d.ratings.ratings.length]).toEqual(['ratings.csv', 100_836]);
    expect(d.titles?.[d.itemIds.indexOf(11)]).toBe('American President, The (1995)');
    expect(d.titles?.filter(Boolean).length).toBe(9724);
    expect(d.notes?.at(-1)).toMatch(/^ignored, neither ratings nor titles: (?=.*links\.csv)(?=.*tags\.csv)(?=.*README\.txt)/);
  });
});
