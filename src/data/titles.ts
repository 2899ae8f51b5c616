import type { IdMap } from './ids';

export type TitlesKind = 'u.item' | 'movies.dat' | 'movies.csv';

/** Which titles file a member is, from its base name. */
export function titlesKind(name: string): TitlesKind | undefined {
  return name === 'u.item' || name === 'movies.dat' || name === 'movies.csv' ? name : undefined;
}

/**
 * Movie titles by dense item index ('' where unknown). u.item is `id|title|...` and movies.dat
 * `id::title::genres`, both latin-1; movies.csv is UTF-8 `movieId,title,genres` (RFC 4180 quoting).
 */
export function parseTitles(kind: TitlesKind, bytes: Uint8Array, items: IdMap): string[] {
  const text = new TextDecoder(kind === 'movies.csv' ? 'utf-8' : 'latin1').decode(bytes);
  const titles = new Array<string>(items.size).fill('');
  const lines = text.split(/\r?\n/);
  for (let n = kind === 'movies.csv' ? 1 : 0; n < lines.length; n++) {
    const line = lines[n];
    if (!line) continue;
    const [id, title] = kind === 'movies.csv' ? firstTwoCsvFields(line) : line.split(kind === 'u.item' ? '|' : '::', 2);
    const at = /^\d+$/.test(id) ? items.find(Number(id)) : -1;
    if (at >= 0 && title) titles[at] = title;
  }
  return titles;
}

/** The first two fields of an RFC 4180 CSV line; "" inside quotes is a quote. */
export function firstTwoCsvFields(line: string): [string, string] {
  const comma = line.indexOf(',');
  if (comma < 0) return [line, ''];
  const id = line.slice(0, comma);
  const rest = line.slice(comma + 1);
  if (!rest.startsWith('"')) {
    const end = rest.indexOf(',');
    return [id, end < 0 ? rest : rest.slice(0, end)];
  }
  let title = '';
  for (let k = 1; k < rest.length; k++) {
    if (rest[k] !== '"') title += rest[k];
    else if (rest[k + 1] === '"') title += rest[k++];
    else break;
  }
  return [id, title];
}
