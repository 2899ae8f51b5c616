import { strToU8, zipSync } from 'fflate';
import { generateDemo } from '../data/demo';
import type { Dataset } from '../data/types';

// MovieLens-shaped test data made by the tests themselves: no GroupLens file or content is copied.

export function sample(users = 12, items = 9, ratings = 60, seed = 5): Dataset {
  return generateDemo({ users, items, ratings, seed });
}

export type Row = [user: number, item: number, rating: number, timestamp: number];

/** The dataset's ratings as file rows, with raw ids that differ from the dense ones. */
export function rows(d: Dataset, halfStars = false): Row[] {
  const { users, items, ratings } = d.ratings;
  return Array.from(ratings, (r, k) => [d.userIds[users[k]] * 3, d.itemIds[items[k]] * 7, halfStars && k % 3 === 0 ? r - 0.5 : r, 874965758 + k]);
}

export const formats = {
  /** ML-100K u.data (and u1.base etc.): tab-separated, no header. */
  udata: (r: Row[]) => r.map((x) => x.join('\t')).join('\n') + '\n',
  /** ML-1M/10M ratings.dat. */
  dat: (r: Row[]) => r.map((x) => x.join('::')).join('\n') + '\n',
  /** ML-20M/25M/32M/latest ratings.csv: header, CRLF as GroupLens ships it. */
  csv: (r: Row[]) => ['userId,movieId,rating,timestamp', ...r.map((x) => x.join(','))].join('\r\n') + '\r\n',
  /** A generic export with differently named, reordered columns and no final newline. */
  generic: (r: Row[]) => ['movie_id,rating,user_id', ...r.map(([u, i, s]) => `${i},${s},${u}`)].join('\n'),
  /** A generic TSV with a header in the usual order and an extra column. */
  genericTsv: (r: Row[]) => ['user\titem\tscore\tsource', ...r.map(([u, i, s]) => `${u}\t${i}\t${s}\tweb`)].join('\n') + '\n',
  /** A generic CSV without header, three columns. */
  headerless: (r: Row[]) => r.map(([u, i, s]) => `${u},${i},${s}`).join('\n') + '\n',
};

export type FormatName = keyof typeof formats;

/** Distinct item ids of the rows, in order of first appearance. */
export const itemsOf = (r: Row[]) => [...new Set(r.map((x) => x[1]))];

/** The title the fixtures' titles files give item `item`: a comma, quotes and a non-ASCII letter to read back. */
export const fixtureTitle = (item: number) => `Caf\u00e9, "Film" ${item} (1995)`;

export const titles = {
  /** ML-100K u.item: pipe-separated, latin-1. */
  uitem: (items: number[]) => latin1(items.map((i) => `${i}|${fixtureTitle(i)}|01-Jan-1995||http://example.org/${i}|0|1|0`).join('\n') + '\n'),
  /** ML-1M/10M movies.dat: '::'-separated, latin-1. */
  moviesDat: (items: number[]) => latin1(items.map((i) => `${i}::${fixtureTitle(i)}::Comedy|Drama`).join('\n') + '\n'),
  /** ML-20M+ movies.csv: UTF-8, RFC 4180 quoted titles, CRLF. */
  moviesCsv: (items: number[]) => strToU8(['movieId,title,genres', ...items.map((i) => `${i},"${fixtureTitle(i).replaceAll('"', '""')}",Comedy`)].join('\r\n') + '\r\n'),
};

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export function blob(text: string | Uint8Array): Blob {
  return new Blob([(typeof text === 'string' ? strToU8(text) : text) as Uint8Array<ArrayBuffer>]);
}

/** An in-memory zip archive; members keep the order given. */
export function zip(files: Record<string, string | Uint8Array>): Uint8Array<ArrayBuffer> {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v]))) as Uint8Array<ArrayBuffer>;
}

/** The same bytes as an async stream of `size`-byte chunks. */
export async function* chunked(bytes: string | Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const b = typeof bytes === 'string' ? strToU8(bytes) : bytes;
  for (let k = 0; k < b.length; k += size) yield b.subarray(k, k + size);
}
