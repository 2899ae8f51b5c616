import { describe, expect, it } from 'vitest';
import { firstGenre, parseGenres } from './genres';
import { IdMap } from '../ids';

const bytes = (s: string) => new TextEncoder().encode(s);
const items = IdMap.from(Int32Array.of(2, 1, 3));
const of = (g: ReturnType<typeof parseGenres>, item: number) => g!.names.filter((_, k) => g!.items[item] & (1 << k));

describe('parseGenres', () => {
  it("reads u.item's 19 flags as ML-100K's genre names", () => {
    const flags = (on: number[]) => Array.from({ length: 19 }, (_, k) => (on.includes(k) ? 1 : 0)).join('|');
    const g = parseGenres('u.item', bytes(`1|Toy Story (1995)|01-Jan-1995||http://x|${flags([3, 4, 5])}\n2|GoldenEye (1995)|01-Jan-1995||http://x|${flags([1, 2, 16])}\n`), items);
    expect(of(g, 1)).toEqual(['Animation', "Children's", 'Comedy']);
    expect(of(g, 0)).toEqual(['Action', 'Adventure', 'Thriller']);
    expect(g!.items[2]).toBe(0); // item 3 is not in the file
  });

  it("reads movies.csv's genres column (quoted titles) and movies.dat's third field", () => {
    const csv = parseGenres('movies.csv', bytes('movieId,title,genres\n1,"Toy Story, The (1995)",Adventure|Animation\n3,Heat (1995),(no genres listed)\n2,Jumanji (1995),Adventure|Fantasy\n'), items);
    expect(of(csv, 1)).toEqual(['Adventure', 'Animation']);
    expect(of(csv, 0)).toEqual(['Adventure', 'Fantasy']);
    expect(csv!.items[2]).toBe(0);
    const dat = parseGenres('movies.dat', bytes('1::Toy Story (1995)::Animation|Comedy\n2::Jumanji (1995)::Fantasy\n'), items);
    expect(of(dat, 1)).toEqual(['Animation', 'Comedy']);
    expect(firstGenre(dat!.items[0])).toBe(dat!.names.indexOf('Fantasy'));
  });

  it('gives none for a titles file without genres', () => {
    expect(parseGenres('u.item', bytes('1|Toy Story (1995)\n2|GoldenEye (1995)\n'), items)).toBeUndefined();
  });
});
