import type { IdMap } from './ids';

/** Which titles file this is, from its base name. */
export function titlesKind(name: string): 'u.item' | 'movies.dat' | 'movies.csv' | undefined {
  const base = name.split('/').pop() ?? name;
  return base === 'u.item' || base === 'movies.dat' || base === 'movies.csv' ? base : undefined;
}

/**
 * Movie titles by dense item index ('' where unknown). u.item is `id|title|...` and movies.dat
 * `id::title::genres`, both latin-1; movies.csv is UTF-8 `movieId,title,genres` with quoted titles.
 */
export function parseTitles(kind: 'u.item' | 'movies.dat' | 'movies.csv', bytes: Uint8Array, items: IdMap): string[] {
  const text = new TextDecoder(kind === 'movies.csv' ? 'utf-8' : 'latin1').decode(bytes);
  const titles = new Array<string>(items.size).fill('');
  const lines = text.split(/\r?\n/);
  for (let i = kind === 'movies.csv' ? 1 : 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const [id, title] = kind === 'movies.csv' ? csvFields(line) : line.split(kind === 'u.item' ? '|' : '::');
    const at = items.find(Number(id));
    if (at >= 0 && title) titles[at] = title;
  }
  return titles;
}

/** The first two fields of an RFC 4180 CSV line ("" escapes a quote inside quotes). */
function csvFields(line: string): [string, string] {
  const comma = line.indexOf(',');
  const id = line.slice(0, comma);
  let rest = line.slice(comma + 1);
  if (!rest.startsWith('"')) return [id, rest.slice(0, rest.indexOf(',') >>> 0)];
  let title = '';
  for (let k = 1; k < rest.length; k++) {
    if (rest[k] === '"') {
      if (rest[k + 1] === '"') {
        title += '"';
        k++;
      } else break;
    } else title += rest[k];
  }
  rest = '';
  return [id, title];
}
