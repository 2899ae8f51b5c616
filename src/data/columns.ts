/** How the fields of a delimited ratings file are laid out, as detected from its first line. */
export interface Layout {
  /** The delimiter as bytes: [9] tab, [44] comma, [58, 58] '::'. */
  delimiter: number[];
  user: number;
  item: number;
  rating: number;
  /** Fields a data line must have at least. */
  minFields: number;
  hasHeader: boolean;
  format: string;
}

const USER = /^(user|userid|user_id|uid|user id|customer|customerid)$/;
const ITEM = /^(item|itemid|item_id|movie|movieid|movie_id|iid|item id|product|productid)$/;
const RATING = /^(rating|ratings|score|stars|value)$/;

export type LayoutResult = { ok: true; layout: Layout } | { ok: false; reason: string };

/** Detects delimiter, header and columns from the first non-empty line. */
export function detectLayout(line: string): LayoutResult {
  const delimiter = line.includes('::') ? '::' : line.includes('\t') ? '\t' : line.includes(',') ? ',' : undefined;
  if (!delimiter) {
    const other = [';', '|', ' '].find((d) => line.includes(d));
    return {
      ok: false,
      reason: `no field delimiter found${other ? ` (found ${other === ' ' ? 'spaces' : `'${other}'`})` : ''}: expected user, item and rating separated by tabs, commas or '::'`,
    };
  }
  const fields = line.split(delimiter).map((f) => f.trim());
  const bytes = delimiter === '::' ? [58, 58] : [delimiter.charCodeAt(0)];
  if (fields.length < 3) {
    return { ok: false, reason: `only ${fields.length} field(s): expected at least user, item and rating` };
  }
  const numeric = /^-?\d+(\.\d+)?$/.test(fields[0]);
  if (numeric) {
    const kind = delimiter === '::' ? 'MovieLens 1M/10M ratings.dat (user::item::rating::timestamp)' : delimiter === '\t' ? 'MovieLens 100K u.data (tab-separated user item rating timestamp)' : 'CSV without header (user,item,rating)';
    return { ok: true, layout: { delimiter: bytes, user: 0, item: 1, rating: 2, minFields: 3, hasHeader: false, format: kind } };
  }
  const names = fields.map((f) => f.toLowerCase().replace(/^"|"$/g, ''));
  const user = names.findIndex((n) => USER.test(n));
  const item = names.findIndex((n) => ITEM.test(n));
  const rating = names.findIndex((n) => RATING.test(n));
  if (user < 0 || item < 0 || rating < 0) {
    return { ok: false, reason: `header "${line.slice(0, 80)}" has no ${[user < 0 && 'user', item < 0 && 'item/movie', rating < 0 && 'rating'].filter(Boolean).join(', ')} column` };
  }
  const movielens = names.join(',') === 'userid,movieid,rating,timestamp';
  const format = movielens
    ? 'MovieLens ratings.csv (userId,movieId,rating,timestamp: 20M/25M/32M/latest)'
    : `${delimiter === ',' ? 'CSV' : delimiter === '\t' ? 'TSV' : "'::'-separated"} with header (${fields[user]}, ${fields[item]}, ${fields[rating]})`;
  return {
    ok: true,
    layout: { delimiter: bytes, user, item, rating, minFields: Math.max(user, item, rating) + 1, hasHeader: true, format },
  };
}
