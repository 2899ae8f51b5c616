import { strToU8, zipSync } from 'fflate';
import { generateDemo } from './demo';
import type { Dataset } from './types';

/** Small MovieLens-shaped data made by the tests themselves (no GroupLens file is ever copied). */
export function sample(users = 12, items = 9, ratings = 60, seed = 5): Dataset {
  return generateDemo({ users, items, ratings, seed });
}

type Row = [user: number, item: number, rating: number, ts: number];

export function rows(d: Dataset, halfStars = false): Row[] {
  const { users, items, ratings } = d.ratings;
  return Array.from(ratings, (r, k) => [d.userIds[users[k]] * 3, d.itemIds[items[k]] * 7, halfStars && k % 3 === 0 ? r - 0.5 : r, 874965758 + k]);
}

export const formats = {
  /** ML-100K u.data: tab-separated, no header. */
  udata: (r: Row[]) => r.map((x) => x.join('\t')).join('\n') + '\n',
  /** ML-1M/10M ratings.dat. */
  dat: (r: Row[]) => r.map((x) => x.join('::')).join('\n') + '\n',
  /** ML-20M/25M/latest ratings.csv: header, CRLF as GroupLens ships it. */
  csv: (r: Row[]) => ['userId,movieId,rating,timestamp', ...r.map((x) => x.join(','))].join('\r\n') + '\r\n',
  /** A generic export with differently named, reordered columns. */
  generic: (r: Row[]) => ['movie_id,rating,user_id', ...r.map(([u, i, s]) => `${i},${s},${u}`)].join('\n'),
};

export function blob(text: string | Uint8Array): Blob {
  return new Blob([(typeof text === 'string' ? strToU8(text) : text) as Uint8Array<ArrayBuffer>]);
}

export function zip(files: Record<string, string | Uint8Array>): Uint8Array<ArrayBuffer> {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v]))) as Uint8Array<ArrayBuffer>;
}
