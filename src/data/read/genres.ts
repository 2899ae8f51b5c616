import type { IdMap } from '../ids';
import { decodeText, splitCsv, TITLES_LAYOUTS, type TitlesKind, type TitlesLayout } from './titles';
import type { Dataset, Genres } from '../types';

/** ML-100K's u.genre, in u.item's flag order (u.item carries flags, not names). */
export const ML100K_GENRES = ['unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy', 'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western'];

/** A bit per genre in an Int32: the first 31 names found are kept. */
const MAX_GENRES = 31;

/**
 * Each item's genres from a titles file, where it has them: u.item's 19 trailing 0/1 flags, movies.dat's third
 * field and movies.csv's `genres` column (names split on '|'; "(no genres listed)" is none). Undefined when the
 * file has no genres. Items are matched by raw id as parseTitles does.
 */
export function parseGenres(kind: TitlesKind | TitlesLayout, bytes: Uint8Array, items: IdMap): Genres | undefined {
  const L = typeof kind === 'string' ? TITLES_LAYOUTS[kind] : kind;
  const lines = decodeText(bytes).split(/\r?\n/).filter((l) => l);
  const masks = new Int32Array(items.size);
  const names: string[] = [];
  const index = new Map<string, number>();
  const bit = (name: string) => {
    let k = index.get(name);
    if (k === undefined && names.length < MAX_GENRES) index.set(name, (k = names.push(name) - 1));
    return k === undefined ? 0 : 1 << k;
  };
  const split = (line: string) => (L.quoted ? splitCsv(line, L.delimiter) : line.split(L.delimiter));
  const header = split(lines[0] ?? '').map((f) => f.trim().toLowerCase());
  const named = header.indexOf('genres');
  const flags = L.delimiter === '|' && split(lines[0] ?? '').length >= 5 + ML100K_GENRES.length;
  if (!flags && named < 0 && L.delimiter !== '::') return undefined;
  let any = false;
  for (const line of lines) {
    const f = split(line);
    const id = f[L.id]?.trim() ?? '';
    const at = /^\d+$/.test(id) ? items.find(Number(id)) : -1;
    if (at < 0) continue;
    let m = 0;
    if (flags) {
      const tail = f.slice(f.length - ML100K_GENRES.length);
      tail.forEach((v, k) => v.trim() === '1' && (m |= bit(ML100K_GENRES[k])));
    } else {
      const g = (named >= 0 ? f[named] : f[2])?.trim() ?? '';
      for (const name of g.split('|')) if (name && name !== '(no genres listed)') m |= bit(name.trim());
    }
    masks[at] = m;
    if (m) any = true;
  }
  return any ? { names, items: masks } : undefined;
}

/** Index of an item's first genre (its colour on the item map), or -1 without one. */
export function firstGenre(mask: number): number {
  return mask === 0 ? -1 : 31 - Math.clz32(mask & -mask);
}

/** `d` with these genres, when there are any. */
export function withGenres<D extends Dataset>(d: D, genres: Genres | undefined): D {
  return genres ? { ...d, genres } : d;
}
