import { describe, expect, it } from 'vitest';
import { IdMap } from './ids';
import { firstTwoCsvFields, parseTitles } from './titles';

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
