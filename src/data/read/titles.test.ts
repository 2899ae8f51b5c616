import { describe, expect, it } from 'vitest';
import { IdMap } from '../ids';
import { decodeText, detectTitles, firstTwoCsvFields, parseTitles, splitCsv } from './titles';

describe('titles', () => {
  it('RFC 4180 fields: quoted commas and doubled quotes', () => {
    expect(firstTwoCsvFields('11,"American President, The (1995)",Comedy|Drama|Romance')).toEqual(['11', 'American President, The (1995)']);
    expect(firstTwoCsvFields('5,"Say ""Hi"", Bob (2001)",Comedy')).toEqual(['5', 'Say "Hi", Bob (2001)']);
    expect(firstTwoCsvFields('1,Toy Story (1995),Adventure')).toEqual(['1', 'Toy Story (1995)']);
    expect(firstTwoCsvFields('2,Jumanji (1995)')).toEqual(['2', 'Jumanji (1995)']);
  });

  it('by dense item index, blank for items without a title; ids not rated are ignored', () => {
    const items = IdMap.from(Int32Array.from([3, 1, 9]));
    const uitem = Uint8Array.from('1|Caf\u00e9 (1995)|x\n2|Unrated (1990)|x\n3|Other (1996)|x\n', (c) => c.charCodeAt(0));
    expect(parseTitles('u.item', uitem, items)).toEqual(['Other (1996)', 'Caf\u00e9 (1995)', '']);
    const csv = new TextEncoder().encode('movieId,title,genres\r\n9,"Am\u00e9lie, Le (2001)",Comedy\r\n');
    expect(parseTitles('movies.csv', csv, items)).toEqual(['', '', 'Am\u00e9lie, Le (2001)']);
  });
});

describe('titles files told by content', () => {
  it('UTF-8, else latin-1', () => {
    expect(decodeText(new TextEncoder().encode('\ufeffAm\u00e9lie'))).toBe('Am\u00e9lie');
    expect(decodeText(Uint8Array.from([0x43, 0x61, 0x66, 0xe9]))).toBe('Caf\u00e9');
  });

  it('all fields of a quoted line, any one-character delimiter', () => {
    expect(splitCsv('1,"A, B ""C""",x', ',')).toEqual(['1', 'A, B "C"', 'x']);
    expect(splitCsv('"Film; the";7;', ';')).toEqual(['Film; the', '7', '']);
  });

  it('by a title column in a header, or id-then-title lines that differ from line to line', () => {
    expect(detectTitles(['movieId,title,genres', '1,Toy Film (1995),Comedy'])).toMatchObject({ delimiter: ',', id: 0, title: 1, quoted: true });
    expect(detectTitles(['Name\tItem_ID', 'Film\t3'])).toMatchObject({ delimiter: '\t', id: 1, title: 0 });
    expect(detectTitles(['1::Toy Film (1995)::Comedy', '2::Another (1996)::Drama', '3::M (1931)::Crime'])).toMatchObject({ delimiter: '::', quoted: false });
    expect(detectTitles(['1|Toy Film (1995)|01-Jan-1995||http://x|0|1'])).toMatchObject({ delimiter: '|' });
    // not titles: users.dat and u.user, ratings, a header without an id column, no delimiter
    expect(detectTitles(['1::F::1::10::48067', '2::M::56::16::70072', '3::M::25::15::55117'])).toBeUndefined();
    expect(detectTitles(['1|24|M|technician|85711'])).toBeUndefined();
    expect(detectTitles(['1,2,3.5'])).toBeUndefined();
    expect(detectTitles(['title,year', 'Film,1995'])).toBeUndefined();
    expect(detectTitles(['943 users'])).toBeUndefined();
  });

  it('parses a detected layout: other columns, quotes, a header skipped', () => {
    const items = IdMap.from(Int32Array.from([3, 1]));
    const text = new TextEncoder().encode('title;item_id\n"Film; the sequel";1\nThird;3\n');
    expect(parseTitles(detectTitles(['title;item_id', '"Film; the sequel";1'])!, text, items)).toEqual(['Third', 'Film; the sequel']);
  });

  it('a line of quotes splits in linear time (fast-check: a movies.csv line of 256 K quotes took 20 s, a quadratic trim)', () => {
    const line = 'a' + '"'.repeat(1 << 18);
    const t0 = performance.now();
    expect(splitCsv(line, ',')).toEqual([line]);
    expect(splitCsv(` "${'x'.repeat(1 << 18)}" ,"b"`, ',')).toEqual(['x'.repeat(1 << 18) + ' ', 'b']);
    // generous: linear takes ~20 ms here, the quadratic split 20 s
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

