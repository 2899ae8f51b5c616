import { delimiterOf, ITEM, normalise } from './formats';
import type { IdMap } from '../ids';

export type TitlesKind = 'u.item' | 'movies.dat' | 'movies.csv';

/** Which titles file a member is, from its base name. */
export function titlesKind(name: string): TitlesKind | undefined {
  return name === 'u.item' || name === 'movies.dat' || name === 'movies.csv' ? name : undefined;
}

/** How a titles file is laid out: its delimiter, the id and title columns, and whether fields may be quoted (RFC 4180). */
export interface TitlesLayout {
  readonly delimiter: string;
  readonly id: number;
  readonly title: number;
  readonly quoted: boolean;
  /** What it looks like, for notes: "movies.dat-style ('::'-separated)". */
  readonly format: string;
}

/** The GroupLens titles files: u.item `id|title|...`, movies.dat `id::title::genres`, movies.csv `movieId,title,genres`. */
export const TITLES_LAYOUTS: Record<TitlesKind, TitlesLayout> = {
  'u.item': { delimiter: '|', id: 0, title: 1, quoted: false, format: "u.item-style ('|'-separated)" },
  'movies.dat': { delimiter: '::', id: 0, title: 1, quoted: false, format: "movies.dat-style ('::'-separated)" },
  'movies.csv': { delimiter: ',', id: 0, title: 1, quoted: true, format: 'movies.csv-style (CSV)' },
};

const TITLE = new Set(['title', 'movietitle', 'name', 'moviename', 'itemname', 'booktitle']);

/**
 * A titles file told by its first non-empty lines (never its name): a header with an item id column
 * and a title column (`movieId,title,genres`), or lines of a whole-number id and then a title, a text
 * with a letter, two characters at least, different on (nearly) every line; that last rule keeps out
 * users.dat's `1::F::1::10::48067` and u.user's `1|24|M|...`. Delimiters: '::', '|', tab, ';', ','.
 */
export function detectTitles(lines: readonly string[]): TitlesLayout | undefined {
  const first = lines[0];
  if (first === undefined) return undefined;
  const delimiter = first.includes('::') ? '::' : first.includes('|') ? '|' : delimiterOf(first);
  if (!delimiter) return undefined;
  const quoted = delimiter !== '::' && delimiter !== '|';
  const split = (line: string) => (quoted ? splitCsv(line, delimiter) : line.split(delimiter));
  const kind = Object.values(TITLES_LAYOUTS).find((l) => l.delimiter === delimiter);
  const format = kind?.format ?? `${delimiter === '\t' ? 'tab' : `'${delimiter}'`}-separated`;
  const names = split(first).map(normalise);
  const title = names.findIndex((n) => TITLE.has(n));
  if (title >= 0) {
    const id = names.findIndex((n, k) => k !== title && (ITEM.has(n) || n === 'id'));
    return id >= 0 ? { delimiter, id, title, quoted, format: `${format} with header` } : undefined;
  }
  const rows = lines.map(split);
  const looksLikeTitle = (t: string | undefined) => t !== undefined && t.trim().length >= 2 && /\p{L}/u.test(t) && !/^\s*-?\d+([.,]\d+)?\s*$/.test(t);
  if (!rows.every((f) => f.length >= 2 && /^\s*\d+\s*$/.test(f[0]) && looksLikeTitle(f[1]))) return undefined;
  if (rows.length >= 3 && new Set(rows.map((f) => f[1].trim())).size < 0.9 * rows.length) return undefined;
  return { delimiter, id: 0, title: 1, quoted, format };
}

/** Text as UTF-8, or as latin-1 where it is not valid UTF-8 (ML-100K's u.item, ML-1M's movies.dat). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/**
 * Movie titles by dense item index ('' where unknown); lines whose id is not a whole number (a header)
 * or not a rated item are skipped. UTF-8, or latin-1 where the bytes are not UTF-8.
 */
export function parseTitles(kind: TitlesKind | TitlesLayout, bytes: Uint8Array, items: IdMap): string[] {
  const L = typeof kind === 'string' ? TITLES_LAYOUTS[kind] : kind;
  const text = decodeText(bytes);
  const titles = new Array<string>(items.size).fill('');
  const simple = !L.quoted && L.id === 0 && L.title === 1;
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    const fields = L.quoted ? (L.id === 0 && L.title === 1 && L.delimiter === ',' ? firstTwoCsvFields(line) : splitCsv(line, L.delimiter)) : line.split(L.delimiter, simple ? 2 : undefined);
    const id = fields[L.id]?.trim() ?? '';
    const title = fields[L.title]?.trim();
    const at = /^\d+$/.test(id) ? items.find(Number(id)) : -1;
    if (at >= 0 && title) titles[at] = title;
  }
  return titles;
}

/** How many items have a title. */
export const named = (titles: readonly string[]) => titles.reduce((n, t) => (t ? n + 1 : n), 0);

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

/**
 * All fields of one RFC 4180 line with a one-character delimiter; quotes are removed, "" inside quotes is a
 * quote. A quote opens a quoted field where the field so far is only white space (`blank`, kept as it grows:
 * trimming the field at every quote made a line of quotes quadratic, 20 s for 256 KB).
 */
export function splitCsv(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let blank = true;
  let quoted = false;
  const append = (c: string) => {
    field += c;
    if (blank && c.trim() !== '') blank = false;
  };
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (quoted) {
      if (c !== '"') append(c);
      else if (line[k + 1] === '"') append(line[k++]);
      else quoted = false;
    } else if (c === '"' && blank) {
      quoted = true;
      field = '';
    } else if (c === delimiter) {
      out.push(field);
      field = '';
      blank = true;
    } else append(c);
  }
  out.push(field);
  return out;
}
