/**
 * Ratings must satisfy 0 < r <= MAX_RATING. 0 means "unobserved" to AutoRec, MovieLens uses 1..5 or
 * 0.5..5, and 10 leaves room for 1..10 scales in generic files.
 */
export const MAX_RATING = 10;

/** How the fields of a delimited ratings file are laid out, as detected from its first line. */
export interface Layout {
  /** The delimiter byte (tab 9, comma 44, colon 58, semicolon 59); `double` for '::'. With ';' a rating may use a decimal comma ("3,5"). */
  readonly delimiter: number;
  readonly double: boolean;
  readonly user: number;
  readonly item: number;
  readonly rating: number;
  /** Fields a data line must have at least. */
  readonly minFields: number;
  readonly hasHeader: boolean;
  /** Human-readable name of what was detected. */
  readonly format: string;
}

export type LayoutResult = { ok: true; layout: Layout } | { ok: false; reason: string };

// Header names, compared lower-case with spaces, '_', '-' and quotes removed.
export const USER = new Set(['user', 'userid', 'uid', 'customer', 'customerid', 'reviewer', 'reviewerid']);
export const ITEM = new Set(['item', 'itemid', 'iid', 'movie', 'movieid', 'mid', 'product', 'productid', 'book', 'bookid', 'isbn', 'asin']);
export const RATING = new Set(['rating', 'ratings', 'score', 'stars', 'rate', 'value', 'bookrating']);

const NUMBER = /^\s*"?-?\d+([.,]\d+)?"?\s*$/;

export const normalise = (name: string) => name.toLowerCase().replace(/[\s_"'-]/g, '');

/**
 * Detects delimiter, header and columns from the first non-empty line. The line is a header when
 * none of its first three fields is a number; its columns are then found by name. Otherwise it is
 * data, with user, item and rating in the first three columns.
 */
export function detectLayout(line: string): LayoutResult {
  const sep = delimiterOf(line);
  if (!sep) {
    const other = ['|', ' '].find((d) => line.includes(d));
    const found = other === undefined ? '' : other === ' ' ? ' (found spaces)' : ` (found '${other}')`;
    return { ok: false, reason: `no field delimiter found${found}: expected user, item and rating separated by tabs, commas, semicolons or '::'` };
  }
  const fields = line.split(sep);
  if (fields.length < 3) {
    return { ok: false, reason: `${fields.length} field(s) where 3 were expected (user, item, rating): wrong delimiter or a truncated line?` };
  }
  const delimiter = sep.charCodeAt(0);
  const double = sep === '::';
  if (fields.slice(0, 3).some((f) => NUMBER.test(f))) {
    const format = headerlessName(sep, fields.length);
    return { ok: true, layout: { delimiter, double, user: 0, item: 1, rating: 2, minFields: 3, hasHeader: false, format } };
  }
  const names = fields.map(normalise);
  const user = names.findIndex((n) => USER.has(n));
  const item = names.findIndex((n) => ITEM.has(n));
  const rating = names.findIndex((n) => RATING.has(n));
  if (user < 0 || item < 0 || rating < 0) {
    const missing = [user < 0 && 'user', item < 0 && 'item/movie', rating < 0 && 'rating'].filter(Boolean).join(', ');
    return { ok: false, reason: `header "${line.slice(0, 80)}" has no ${missing} column` };
  }
  const movielens = sep === ',' && names.join(',') === 'userid,movieid,rating,timestamp';
  const kind = sep === ',' ? 'CSV' : sep === '\t' ? 'TSV' : sep === ';' ? "';'-separated" : "'::'-separated";
  const format = movielens
    ? 'MovieLens ratings.csv (userId,movieId,rating,timestamp; ML-20M/25M/32M/latest)'
    : `${kind} with header (${fields[user].trim()}, ${fields[item].trim()}, ${fields[rating].trim()})`;
  const minFields = Math.max(user, item, rating) + 1;
  return { ok: true, layout: { delimiter, double, user, item, rating, minFields, hasHeader: true, format } };
}

/**
 * '::', else tab, else ';' where a line has more semicolons than commas (European spreadsheets write
 * `1;31;3,5;1260759144`: ';' between fields, ',' as the decimal mark), else ','.
 */
export function delimiterOf(line: string): string | undefined {
  if (line.includes('::')) return '::';
  if (line.includes('\t')) return '\t';
  const semicolons = line.split(';').length - 1;
  const commas = line.split(',').length - 1;
  if (semicolons > commas) return ';';
  return commas > 0 ? ',' : undefined;
}

function headerlessName(sep: string, fields: number): string {
  if (sep === '::') return fields === 4 ? 'MovieLens 1M/10M ratings.dat (user::item::rating::timestamp)' : "'::'-separated user::item::rating, no header";
  if (sep === '\t') return fields === 4 ? 'MovieLens 100K u.data (tab-separated user item rating timestamp)' : 'TSV without header (user, item, rating)';
  if (sep === ';') return "';'-separated without header (user;item;rating, decimal comma allowed)";
  return 'CSV without header (user, item, rating)';
}
