import { describe, expect, it } from 'vitest';
import { blob, chunked, formats, rows, sample, type FormatName, type Row } from '../../testing/fixtures';
import { parseRatingsFile, parseRatingsStream } from './parse';
import type { ParseProgress } from './parse-progress';
import { MAX_LINE_BYTES } from './parse-text';
import type { Dataset, ParseError, Result } from '../types';

const data = rows(sample());

/** Text as UTF-16 bytes, little- or big-endian. */
function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    out[2 * k + (order === 'le' ? 0 : 1)] = c & 255;
    out[2 * k + (order === 'le' ? 1 : 0)] = c >> 8;
  }
  return out;
}

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
const stream = (text: string, size: number) => parseRatingsStream(chunked(text, size), 'x', new TextEncoder().encode(text).length);

function expectRatings(got: Dataset, want: Row[]) {
  expect(got.ratings.ratings.length).toBe(want.length);
  const triples = want.map((_, k) => [got.userIds[got.ratings.users[k]], got.itemIds[got.ratings.items[k]], got.ratings.ratings[k]]);
  expect(triples).toEqual(want.map(([u, i, r]) => [u, i, Math.fround(r)]));
  expect(got.numUsers).toBe(new Set(want.map((x) => x[0])).size);
  expect(got.numItems).toBe(new Set(want.map((x) => x[1])).size);
}

const FORMATS: [FormatName, RegExp][] = [
  ['udata', /^MovieLens 100K u\.data/],
  ['dat', /^MovieLens 1M\/10M ratings\.dat/],
  ['csv', /^MovieLens ratings\.csv/],
  ['generic', /^CSV with header \(user_id, movie_id, rating\)/],
  ['genericTsv', /^TSV with header \(user, item, score\)/],
  ['headerless', /^CSV without header/],
];

describe('formats, detected from content (never the file name)', () => {
  it.each(FORMATS)('reads %s', async (kind, format) => {
    const got = await ok(parse(formats[kind](data), 'ratings.csv'));
    expect(got.format).toMatch(format);
    expect(got.source).toBe('ratings.csv');
    expectRatings(got, data);
    expect(got.notes).toEqual([]);
  });

  it.each(FORMATS.flatMap(([kind]) => [1, 7, 1 << 20].map((size) => [kind, size] as const)))('%s fed in %i-byte chunks gives the same result', async (kind, size) => {
    const text = formats[kind](data);
    const whole = await ok(parse(text));
    const got = await ok(stream(text, size));
    expect(got).toEqual({ ...whole, source: 'x' });
  });

  it('reads half-star ratings (0.5..5) and reports the scale', async () => {
    const half = rows(sample(), true);
    const got = await ok(parse(formats.csv(half)));
    expectRatings(got, half);
    expect(got.ratingMin).toBe(Math.min(...half.map((x) => x[2])));
    expect(got.ratingMax).toBe(Math.max(...half.map((x) => x[2])));
    expect((await ok(parse('1,1,0.5\n1,2,10\n2,1,7.25\n'))).ratings.ratings).toEqual(Float32Array.from([0.5, 10, 7.25]));
  });

  it('tolerates a UTF-8 BOM, CRLF, blank lines, whitespace-only lines and a last line without newline', async () => {
    const lines = formats.udata(data).trimEnd().split('\n');
    expectRatings(await ok(parse('\ufeff' + lines.join('\r\n') + '\r\n\r\n\n')), data);
    expectRatings(await ok(parse(formats.udata(data).trimEnd())), data);
    expectRatings(await ok(parse('\ufeff' + formats.csv(data))), data);
    expectRatings(await ok(parse('\n\n' + lines.slice(0, 3).join('\n') + '\n  \n\t\n' + lines.slice(3).join('\n'))), data);
  });

  it('accepts quoted fields and spaces around numbers in generic CSV', async () => {
    const got = await ok(parse('"user_id","item_id","rating"\n"1","20", 4.5 \n 2 ,"20","3"\n'));
    expect(got.format).toMatch(/CSV with header/);
    expect([...got.userIds, ...got.itemIds, ...got.ratings.ratings]).toEqual([1, 2, 20, 4.5, 3]);
  });

  it('maps raw ids to dense indices in order of first appearance, small and huge ids alike', async () => {
    const big = 2 ** 31 - 1;
    const got = await ok(parse(`50\t7\t4\n3\t7\t2\n50\t${2 ** 26 + 5}\t5\n${big}\t0\t1\n3\t${2 ** 26 + 5}\t3\n`));
    expect([...got.userIds]).toEqual([50, 3, big]);
    expect([...got.itemIds]).toEqual([7, 2 ** 26 + 5, 0]);
    expect([...got.ratings.users]).toEqual([0, 1, 0, 2, 1]);
    expect([...got.ratings.items]).toEqual([0, 0, 1, 2, 1]);
  });

  it('reports progress as it reads, at most about every 1% of the bytes, ending at the total', async () => {
    const many = rows(sample(300, 200, 40_000));
    const text = formats.udata(many);
    const seen: ParseProgress[] = [];
    await ok(parseRatingsStream(chunked(text, 1 << 12), 'x', text.length, { onProgress: (p) => seen.push(p) }));
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.length).toBeLessThan(105);
    expect(seen.at(-1)).toMatchObject({ bytesRead: text.length, totalBytes: text.length });
    expect(seen.at(-1)!.rows).toBe(many.length);
    for (let k = 1; k < seen.length; k++) expect(seen[k].bytesRead).toBeGreaterThan(seen[k - 1].bytesRead);
  });
});

describe("';'-separated files, as European spreadsheets save CSV", () => {
  const semicolon = (r: Row[]) => ['userId;movieId;rating;timestamp', ...r.map(([u, i, x, t]) => `${u};${i};${String(x).replace('.', ',')};${t}`)].join('\r\n') + '\r\n';

  it('reads a header, decimal commas in ratings ("3,5") and CRLF', async () => {
    const half = rows(sample(), true);
    const got = await ok(parse(semicolon(half), 'export.csv'));
    expect(got.format).toBe("';'-separated with header (userId, movieId, rating)");
    expectRatings(got, half);
    expect(got.notes).toEqual([]);
  });

  it.each([1, 7, 1 << 20])('the same in %i-byte chunks', async (size) => {
    const half = rows(sample(), true);
    expect(await ok(stream(semicolon(half), size))).toEqual({ ...(await ok(parse(semicolon(half)))), source: 'x' });
  });

  it('reads headerless lines, quoted fields and a decimal point too', async () => {
    const got = await ok(parse('1;10;3,5\n"2";"10";"4,5"\n2;11;4.5\n3;"11"; 2 \n'));
    expect(got.format).toMatch(/^';'-separated without header/);
    expect([...got.ratings.ratings]).toEqual([3.5, 4.5, 4.5, 2]);
    expect([...got.userIds]).toEqual([1, 2, 3]);
  });

  it('refuses a decimal comma that is not a number, with the line', async () => {
    const e = await bad(parse('1;2;3,5\n1;3;3,x\n', 'eu.csv'));
    expect(e).toEqual({ message: 'rating "3,x" is not a number', line: 2, source: 'eu.csv' });
  });
});

describe('a few ratings outside the scale of the rest are left out, named with their lines', () => {
  /** n ratings cycling through 1..5, with `odd` put in at the given 0-based rows. */
  const scaled = (n: number, odd: Record<number, number>) => Array.from({ length: n }, (_, k) => `${k % 97}\t${Math.floor(k / 97)}\t${odd[k] ?? (k % 5) + 1}`).join('\n') + '\n';

  it('one 6 among 70 ratings of 1..5 (the file of issue 26)', async () => {
    const got = await ok(parse(scaled(71, { 36: 6 }), 'ratings.tsv'));
    expect([got.ratingMin, got.ratingMax]).toEqual([1, 5]);
    expect(got.ratings.ratings.length).toBe(70);
    expect(got.ratings.ratings).not.toContain(6);
    expect(got.offScale).toEqual({
      count: 1,
      leftOut: true,
      message: '1 rating is outside the 1\u20135 scale of the other 70 ratings; left out',
      shown: [{ message: 'rating 6 is outside the 1\u20135 scale of the other 70 ratings; left out', line: 37, source: 'ratings.tsv', rating: 6 }],
    });
    expect(got.notes).toEqual([]);
  });

  it('several, below and above, the first five named, line numbers counting blank lines and the header', async () => {
    const odd = { 10: 0.5, 20: 7, 30: 9.5, 40: 6, 50: 6, 60: 8, 70: 10 };
    const got = await ok(parse('user\titem\trating\n\n' + scaled(7000, odd), 'f'));
    expect(got.ratings.ratings.length).toBe(6993);
    expect(got.offScale?.count).toBe(7);
    expect(got.offScale?.leftOut).toBe(true);
    expect(got.offScale?.message).toBe('7 ratings are outside the 1\u20135 scale of the other 6,993 ratings; left out');
    expect(got.offScale?.shown.map((e) => `${e.line}: ${e.message}`)).toEqual(
      [
        [13, 0.5],
        [23, 7],
        [33, 9.5],
        [43, 6],
        [53, 6],
      ].map(([line, v]) => `${line}: rating ${v} is outside the 1\u20135 scale of the other 6,993 ratings; left out`),
    );
  });

  it('a duplicate line number counts the lines left out', async () => {
    const got = await ok(parse(scaled(71, { 3: 6 }) + '0\t0\t2\n'));
    expect(got.notes).toEqual(['1 duplicate (user, item) rating: later line kept (first at line 72, duplicating line 1)']);
  });

  it('more than 0.1% apart (at least one): kept, and still named', async () => {
    const got = await ok(parse(scaled(71, { 3: 6, 9: 7 })));
    expect(got.ratings.ratings.length).toBe(71);
    expect(got.ratingMax).toBe(7);
    expect(got.offScale?.leftOut).toBe(false);
    expect(got.offScale?.shown.map((e) => e.line)).toEqual([4, 10]);
  });

  it('not for a half-star file, a 1..10 file, a common 6, or a file too small to show a scale', async () => {
    expect((await ok(parse(formats.csv(rows(sample(300, 200, 5000), true))))).offScale).toBeUndefined();
    const tens = Array.from({ length: 2000 }, (_, k) => `${k % 97},${Math.floor(k / 97)},${(k % 10) + 1}`).join('\n');
    expect((await ok(parse(tens))).offScale).toBeUndefined();
    const sixes = Object.fromEntries(Array.from({ length: 10 }, (_, j) => [j * 150, 6]));
    expect((await ok(parse(scaled(2000, sixes)))).offScale).toBeUndefined();
    expect((await ok(parse('1\t1\t1\n1\t2\t1\n2\t1\t2\n2\t2\t2\n3\t1\t6\n'))).offScale).toBeUndefined();
  });
});

describe('duplicate (user, item) ratings: the later line wins', () => {
  it('in a user-grouped file', async () => {
    const got = await ok(parse('userId,movieId,rating\n1,1,3\n1,2,4\n1,1,2\n2,1,5\n'));
    expect([...got.ratings.ratings]).toEqual([4, 2, 5]);
    expect(got.notes).toEqual(['1 duplicate (user, item) rating: later line kept (first at line 4, duplicating line 2)']);
  });

  it('in an ungrouped file, counted, with the first duplicate line and the line it repeats', async () => {
    const text = ['1\t1\t3', '1\t2\t4', '2\t1\t5', '', '1\t1\t1', '3\t3\t3', '2\t1\t2', '1\t1\t5'].join('\n');
    const got = await ok(parse(text));
    const pairs = Array.from(got.ratings.ratings, (r, k) => [got.userIds[got.ratings.users[k]], got.itemIds[got.ratings.items[k]], r]);
    expect(pairs).toEqual([
      [1, 2, 4],
      [3, 3, 3],
      [2, 1, 2],
      [1, 1, 5],
    ]);
    expect(got.notes).toEqual(['3 duplicate (user, item) ratings: later lines kept (first at line 5, duplicating line 1)']);
  });

  it('in a large shuffled file, the same as a reference count', async () => {
    const base = rows(sample(200, 100, 5000));
    const repeated = base.filter((_, k) => k % 7 === 0).map(([u, i, , t]): Row => [u, i, 1, t]);
    const mixed = [...base, ...repeated].sort((a, b) => ((a[0] * 31 + a[1] * 17) % 101) - ((b[0] * 31 + b[1] * 17) % 101));
    const got = await ok(parse(formats.udata(mixed)));
    expect(got.ratings.ratings.length).toBe(base.length);
    expect(got.notes?.[0]).toMatch(new RegExp(`^${repeated.length} duplicate`));
    const last = new Map(mixed.map(([u, i, r]) => [`${u} ${i}`, r]));
    got.ratings.ratings.forEach((r, k) => expect(r).toBe(last.get(`${got.userIds[got.ratings.users[k]]} ${got.itemIds[got.ratings.items[k]]}`)));
  });
});

describe('bad input gets the line and the reason', () => {
  it.each([
    ['an empty file', '', undefined, /the file is empty/],
    ['blank lines only', '\n\r\n\n', undefined, /the file is empty/],
    ['a header only', 'userId,movieId,rating,timestamp\r\n', undefined, /has a header but no ratings/],
    ['binary garbage with NUL bytes', new Uint8Array([0x31, 0x2c, 10, 0x89, 0, 255, 7, 0, 3, 10, 4]), 2, /^this is a binary file, not text \(it has NUL bytes\)$/],
    ['binary garbage without NUL bytes', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]), 1, /^this is a binary file, not text/],
    ['a PNG image', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), 3, /^this is a binary file, not text/],
    ['UTF-16 LE text with a BOM', utf16('\ufeff1,2,3\n', 'le'), 1, /^this is UTF-16 text: save it as UTF-8 first/],
    ['UTF-16 BE text with a BOM', utf16('\ufeff1,2,3\n', 'be'), 1, /^this is UTF-16 text: save it as UTF-8 first/],
    ['UTF-16 LE text without a BOM', utf16('userId,movieId,rating\n1,2,3\n', 'le'), 1, /^this is UTF-16 text/],
    ['UTF-16 BE text without a BOM', utf16('1\t2\t3\n', 'be'), 1, /^this is UTF-16 text/],
    ['a JSON array', '[{"user": 1, "item": 2, "rating": 5}]', 1, /^JSON is not read: export CSV or TSV with user, item and rating columns$/],
    ['a JSON object after blank lines and a BOM', '\ufeff\n  \n  {\n "ratings": []\n}\n', 3, /^JSON is not read/],
    ['minified JSON longer than a line may be', '[' + '{"u":1,"i":2,"r":5},'.repeat(60_000) + '{}]', 1, /^JSON is not read/],
    ['CR-only line endings', '1,2,5\r1,3,4\r', 1, /lines end in CR only/],
    ['pipes', '1|2|5|881250949\n', 1, /no field delimiter found \(found '\|'\)/],
    ['a semicolon file with one field too few', '1;2;5\n1;3\n', 2, /2 field\(s\) where 3 were expected/],
    ['spaces', '1 2 5 881250949\n', 1, /no field delimiter found \(found spaces\)/],
    ['too few fields on the first line', '1,2\n', 1, /2 field\(s\) where 3 were expected/],
    ['too few fields later', '1\t2\t5\n1\t3\n', 2, /2 field\(s\) where 3 were expected/],
    ['a line with another delimiter', '1::2::5::0\n1::3::4::0\n1,4,3,0\n', 3, /1 field\(s\) where 3 were expected/],
    ['a single colon in a .dat file', '1::2::5::0\n1:3::4::0\n', 2, /user id "1:3" is not a whole number/],
    ['a non-numeric rating', '1\t2\t5\n1\t3\tfive\n', 2, /rating "five" is not a number/],
    ['a missing rating', 'userId,movieId,rating\n1,2,\n', 2, /rating is missing/],
    ['a rating above 10', '1,2,5\n1,3,11\n', 2, /rating 11 is out of range/],
    ['a rating of 400 digits (read as Infinity: named by its digits; found by the fuzz tests)', `1,2,5\n1,3,${'5'.repeat(400)}\n`, 2, /^rating "5{40}\u2026" is out of range/],
    ['a zero rating', '1,2,5\n1,3,0\n', 2, /rating 0 is out of range/],
    ['a negative rating', '1,2,5\n1,3,-2\n', 2, /rating -2 is out of range/],
    ['a negative user id', '1\t2\t5\n-4\t3\t4\n', 2, /user id -4 is negative/],
    ['a negative item id', '1::2::5::0\n4::-3::4::0\n', 2, /item id -3 is negative/],
    ['an absent item id', 'userId,movieId,rating\n1,2,5\n1,,4\n', 3, /item id is missing/],
    ['an absent user id on the first line', ',2,5\n', 1, /user id is missing/],
    ['a fractional id', '1\t2\t5\n1.5\t3\t4\n', 2, /user id "1.5" is not a whole number/],
    ['a non-numeric id', '1\t2\t5\nalice\t3\t4\n', 2, /user id "alice" is not a whole number/],
    ['an id of 2^31', `1,2,5\n${2 ** 31},3,4\n`, 2, /user id 2147483648 is too large/],
    ['a header without a rating column', 'user,item,when\n1,2,3\n', 1, /has no rating column/],
    ['a header line repeated inside the data', 'userId,movieId,rating\n1,2,5\nuserId,movieId,rating\n', 3, /user id "userId" is not a whole number/],
  ])('%s', async (_, text, line, reason) => {
    const e = await bad(parse(text, 'bad.csv'));
    expect(e.message).toMatch(reason);
    expect(e.line).toBe(line);
    expect(e.source).toBe('bad.csv');
  });

  it('the same error, line included, whatever the chunk size', async () => {
    const text = formats.dat(data) + '5::6::x::0\n';
    for (const size of [1, 7, 1 << 20]) {
      const e = await bad(stream(text, size));
      expect(e).toEqual({ message: 'rating "x" is not a number', line: data.length + 1, source: 'x' });
    }
  });

  it('NUL bytes after a first line are found whatever the chunk size (fast-check found "userId\\n\\0" in 1-byte chunks read as a missing delimiter)', async () => {
    for (const size of [1, 3, 1 << 20]) {
      expect(await bad(stream('userId\n\0', size))).toEqual({ message: 'this is a binary file, not text (it has NUL bytes)', line: 2, source: 'x' });
    }
  });

  it('a line longer than 1 MB (no line breaks) is refused without reading on', async () => {
    const e = await bad(parse('1,2,3\n' + '7'.repeat(MAX_LINE_BYTES + 10)));
    expect(e).toMatchObject({ line: 2, message: expect.stringMatching(/longer than 1 MB/) });
  });

  it('a gzip file and an empty zip are named as such', async () => {
    expect((await bad(parse(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0])))).message).toMatch(/gzip/);
    expect((await bad(parse(new Uint8Array([0x50, 0x4b, 5, 6, ...new Array(18).fill(0)])))).message).toMatch(/zip archive is empty/);
  });

  it('a file that cannot be read is an error value, not an exception', async () => {
    const broken = { size: 10, slice: () => ({ arrayBuffer: () => Promise.reject(new Error('NotReadableError')) }) } as unknown as Blob;
    expect((await bad(parseRatingsFile(broken, 'gone.csv'))).message).toMatch(/could not read the file: NotReadableError/);
  });
});
