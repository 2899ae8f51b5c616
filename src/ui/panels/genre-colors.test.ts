import { expect, it } from 'vitest';
import { ML100K_GENRES } from '../../data/read/genres';
import { GENRE_COLORS, genreColors, itemGenreOf } from './genre-colors';
import { OKABE_ITO } from '../okabe-ito';

/** Items whose genres are given by name (ML-100K's names, in its order). */
const genres = (items: string[][]) => ({ names: ML100K_GENRES, items: Int32Array.from(items.map((g) => g.reduce((m, n) => m | (1 << ML100K_GENRES.indexOf(n)), 0))) });

it('gives the most common genres the Okabe-Ito colours, most common first, and the rest none ("other genres")', () => {
  // Drama in 9 items, Comedy 8, ... Western 1: eleven genres, seven colours.
  const names = ['Drama', 'Comedy', 'Action', 'Thriller', 'Romance', 'Adventure', "Children's", 'Crime', 'Sci-Fi', 'Horror', 'Western'];
  const items = names.flatMap((n, k) => Array.from({ length: 9 - Math.min(k, 8) }, () => [n]));
  const colors = genreColors(genres(items));
  expect(names.slice(0, 7).map((n) => colors[ML100K_GENRES.indexOf(n)])).toEqual(GENRE_COLORS);
  for (const n of ['Crime', 'Sci-Fi', 'Horror', 'Western', 'unknown', 'Musical']) expect(colors[ML100K_GENRES.indexOf(n)], n).toBeUndefined();
  // all distinct, all Okabe-Ito, no yellow (too light for a 2-pixel point)
  expect(new Set(GENRE_COLORS).size).toBe(GENRE_COLORS.length);
  const okabeIto: string[] = Object.values(OKABE_ITO);
  for (const c of GENRE_COLORS) expect(okabeIto).toContain(c);
  expect(GENRE_COLORS).not.toContain(OKABE_ITO.yellow);
});

it('draws an item in the least common of its coloured genres, else as "other"', () => {
  const g = genres([['Action', 'Comedy'], ['Film-Noir', 'Thriller'], ['Film-Noir'], [], ['Drama'], ['Drama', 'Comedy']]);
  const colors = genreColors(g);
  // five genres have items: all coloured, the most common first, ties to the earlier genre
  expect(colors.filter(Boolean)).toHaveLength(5);
  expect(['Comedy', 'Drama', 'Film-Noir', 'Action', 'Thriller'].map((n) => colors[ML100K_GENRES.indexOf(n)])).toEqual(GENRE_COLORS.slice(0, 5));
  const genreOf = itemGenreOf(colors);
  expect(Array.from(g.items, genreOf).map((k) => ML100K_GENRES[k] ?? 'other')).toEqual(['Action', 'Thriller', 'Film-Noir', 'other', 'Drama', 'Drama']);
  // a genre beyond the colours does not count: Action uncoloured, the action-comedy is Comedy's
  const noAction = colors.map((c, k) => (k === ML100K_GENRES.indexOf('Action') ? undefined : c));
  expect(ML100K_GENRES[itemGenreOf(noAction)(g.items[0])]).toBe('Comedy');
  expect(itemGenreOf([])(g.items[0])).toBe(-1);
});
