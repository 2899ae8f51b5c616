import { describe, expect, it } from 'vitest';
import { blob, formats, rows, sample, zip } from './fixtures';
import { parseRatingsFile, parseRatingsStream } from './parse';
import type { Dataset, ParseError, Result } from './types';

const d = sample();
const data = rows(d);

async function ok(r: Promise<Result<Dataset>>): Promise<Dataset> {
  const res = await r;
  if (!res.ok) throw new Error(`expected success, got line ${res.error.line}: ${res.error.message}`);
  return res.value;
}

async function bad(r: Promise<Result<Dataset>>): Promise<ParseError> {
  const res = await r;
  if (res.ok) throw new Error('expected a parse error');
  return res.error;
}

const parse = (text: string | Uint8Array, name = 'f') => parseRatingsFile(blob(text), name);

/** The same bytes fed in chunks of `size`. */
async function* chunked(text: string, size: number): AsyncIterable<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let k = 0; k < bytes.length; k += size) yield bytes.subarray(k, k + size);
}

function expectSameRatings(got: Dataset, want: typeof data) {
  expect(got.ratings.ratings.length).toBe(want.length);
  want.forEach(([u, i, r], k) => {
    expect(got.userIds[got.ratings.users[k]]).toBe(u);
    expect(got.itemIds[got.ratings.items[k]]).toBe(i);
    expect(got.ratings.ratings[k]).toBeCloseTo(r, 6);
  });
}

describe('formats, detected from content', () => {
  it.each([
    ['udata', /u\.data/],
    ['dat', /ratings\.dat/],
    ['csv', /ratings\.csv/],
    ['generic', /CSV with header \(user_id, movie_id, rating\)/],
  ] as const)('reads %s', async (kind, format) => {
    const got = await ok(parse(formats[kind](data), 'whatever.txt'));
    expect(got.format).toMatch(format);
    expectSameRatings(got, data);
    expect(got.numUsers).toBe(new Set(data.map((x) => x[0])).size);
    expect(got.numItems).toBe(new Set(data.map((x) => x[1])).size);
  });

  it('reads half-star ratings and reports the scale', async () => {
    const half = rows(d, true);
    const got = await ok(parse(formats.csv(half)));
    expectSameRatings(got, half);
    expect(got.ratingMin).toBe(Math.min(...half.map((x) => x[2])));
    expect(got.ratingMax).toBe(Math.max(...half.map((x) => x[2])));
  });

  it('tolerates a BOM, CRLF, trailing blank lines and no final newline', async () => {
    const text = '\ufeff' + formats.udata(data).trimEnd().split('\n').join('\r\n') + '\r\n\r\n\n';
    expectSameRatings(await ok(parse(text)), data);
    expectSameRatings(await ok(parse(formats.udata(data).trimEnd())), data);
  });

  it.each([1, 7, 4096])('gives the same result when fed %i-byte chunks', async (size) => {
    const text = formats.csv(data);
    const got = await ok(parseRatingsStream(chunked(text, size), 'x', text.length));
    expectSameRatings(got, data);
  });

  it('maps raw ids to dense indices in order of first appearance', async () => {
    const got = await ok(parse('50\t7\t4\n3\t7\t2\n50\t9000001\t5\n'));
    expect([...got.userIds]).toEqual([50, 3]);
    expect([...got.itemIds]).toEqual([7, 9000001]);
    expect([...got.ratings.users]).toEqual([0, 1, 0]);
    expect([...got.ratings.items]).toEqual([0, 0, 1]);
  });

  it('reports progress as it reads', async () => {
    const text = formats.udata(rows(sample(200, 150, 20000)));
    const seen: number[] = [];
    await ok(parseRatingsStream(chunked(text, 1 << 12), 'x', text.length, { onProgress: (p) => seen.push(p.bytesRead) }));
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(text.length);
  });
});

describe('duplicates', () => {
  it('are found in user-grouped files too', async () => {
    const got = await ok(parse('userId,movieId,rating\n1,1,3\n1,2,4\n1,1,2\n2,1,5\n'));
    expect([...got.ratings.ratings]).toEqual([4, 2, 5]);
    expect(got.notes?.[0]).toMatch(/first at line 4, repeating line 2/);
  });

  it('keeps the later line and says so with line numbers', async () => {
    const got = await ok(parse('1\t1\t3\n1\t2\t4\n2\t1\t5\n1\t1\t1\n'));
    expect(got.ratings.ratings.length).toBe(3);
    const k = [...got.ratings.users].findIndex((u, j) => u === 0 && got.ratings.items[j] === 0);
    expect(got.ratings.ratings[k]).toBe(1);
    expect(got.notes).toEqual(['1 duplicate (user, item) rating: the later line is kept (first at line 4, repeating line 1).']);
  });
});

describe('bad input gets the line and the reason', () => {
  it.each([
    ['an empty file', '', undefined, /empty/],
    ['blank lines only', '\n\r\n\n', undefined, /empty/],
    ['binary garbage', new Uint8Array([1, 0, 255, 7, 0, 0, 3, 10, 4]), 1, /binary/],
    ['semicolons', '1;2;5;881250949\n', 1, /no field delimiter found \(found ';'\)/],
    ['too few fields', '1\t2\t5\n1\t3\n', 2, /2 field\(s\) where 3 were expected/],
    ['a non-numeric rating', '1\t2\t5\n1\t3\tfive\n', 2, /rating "five" is not a number/],
    ['a rating above the scale', '1,2,5\n1,3,11\n', 2, /rating 11 is out of range/],
    ['a zero rating', '1,2,5\n1,3,0\n', 2, /rating 0 is out of range/],
    ['a negative user id', '1\t2\t5\n-4\t3\t4\n', 2, /user id -4 is negative/],
    ['an absent item id', 'userId,movieId,rating\n1,2,5\n1,,4\n', 3, /item id is missing/],
    ['a fractional id', '1\t2\t5\n1.5\t3\t4\n', 2, /user id "1.5" is not a whole number/],
    ['a header without a rating column', 'user,item,when\n1,2,3\n', 1, /no rating column/],
  ])('%s', async (_, text, line, reason) => {
    const e = await bad(parse(text, 'bad.csv'));
    expect(e.message).toMatch(reason);
    expect(e.line).toBe(line);
    expect(e.source).toBe('bad.csv');
  });
});

describe('GroupLens zip archives', () => {
  const udata = formats.udata(data);
  const uitem = Array.from(new Set(data.map((x) => x[1])), (i) => `${i}|Film ${i} (1995)|01-Jan-1995||http://x|0|1`).join('\n') + '\n';
  const half = (from: number, to: number) => formats.udata(data.slice(from, to));

  it('reads ml-100k.zip: u.data, titles from u.item (latin-1), u1..u5 splits with the same ids', async () => {
    const latin1 = Uint8Array.from(uitem.replaceAll('Film', 'Caf\u00e9'), (c) => c.charCodeAt(0));
    const members: Record<string, string | Uint8Array> = { 'ml-100k/README': 'readme', 'ml-100k/u.item': latin1 };
    for (const s of ['u1', 'u2', 'u3', 'u4', 'u5']) {
      members[`ml-100k/${s}.base`] = half(0, 40);
      members[`ml-100k/${s}.test`] = half(40, data.length);
    }
    members['ml-100k/u.data'] = udata; // after the splits: order in the archive must not matter
    const got = await ok(parse(zip(members), 'ml-100k.zip'));
    expectSameRatings(got, data);
    expect(got.source).toBe('ml-100k.zip › ml-100k/u.data');
    expect(got.presetSplits?.map((s) => s.name)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    const u1 = got.presetSplits![0];
    expect(u1.train.ratings.length).toBe(40);
    expect(u1.test.ratings.length).toBe(data.length - 40);
    expect(got.userIds[u1.test.users[0]]).toBe(data[40][0]);
    expect(got.itemIds[u1.test.items[0]]).toBe(data[40][1]);
    const firstItem = got.itemIds[0];
    expect(got.titles?.[0]).toBe(`Caf\u00e9 ${firstItem} (1995)`);
  });

  it('reads ml-1m.zip (ratings.dat, movies.dat) and ml-latest-small.zip (ratings.csv, quoted movies.csv)', async () => {
    const items = Array.from(new Set(data.map((x) => x[1])));
    const m1 = await ok(parse(zip({ 'ml-1m/movies.dat': items.map((i) => `${i}::Movie ${i} (1999)::Drama`).join('\n'), 'ml-1m/ratings.dat': formats.dat(data) }), 'ml-1m.zip'));
    expectSameRatings(m1, data);
    expect(m1.titles?.[0]).toBe(`Movie ${m1.itemIds[0]} (1999)`);
    const csvTitles = ['movieId,title,genres', ...items.map((i) => `${i},"Comma, ""Quoted"" ${i} (2001)",Comedy`)].join('\r\n');
    const small = await ok(parse(zip({ 'ml-latest-small/tags.csv': 'userId,movieId,tag,timestamp\r\n1,2,x,3\r\n', 'ml-latest-small/ratings.csv': formats.csv(data), 'ml-latest-small/movies.csv': csvTitles }), 'ml-latest-small.zip'));
    expectSameRatings(small, data);
    expect(small.titles?.[0]).toBe(`Comma, "Quoted" ${small.itemIds[0]} (2001)`);
  });

  it('refuses a truncated zip and a zip without ratings', async () => {
    const whole = zip({ 'ml-100k/u.data': formats.udata(rows(sample(80, 60, 3000))) });
    expect((await bad(parse(whole.subarray(0, Math.floor(whole.length / 2)), 'cut.zip'))).message).toMatch(/truncated: ml-100k\/u.data ends before its end/);
    expect((await bad(parse(zip({ 'x/README': 'hello', 'x/tags.csv': 'a,b\n' }), 'none.zip'))).message).toMatch(/holds no ratings file/);
  });

  it('reports a bad line inside the archive with the member name', async () => {
    const e = await bad(parse(zip({ 'ml-100k/u.data': '1\t2\t5\n1\t2\tbad\n' }), 'ml-100k.zip'));
    expect(e).toMatchObject({ line: 2, source: 'ml-100k/u.data' });
  });
});
