import type { Dataset } from '../data/types';
import { itemTitle } from './recommend-named';
import type { TopBlock } from './recommend';

/**
 * The first line of the all-users top-N export (the page's "Export all users", `npm run recommend -- --all`):
 * `predicted` is clipped to the rating scale, `score` is the unclipped prediction the rank comes from.
 */
export const TOP_N_CSV_HEADER = 'user,rank,item,title,predicted,score\n';

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A block's rows of the all-users top-N CSV (raw ids, titles, predictions clipped and unclipped, to 4 decimals). */
export function topNCsvRows(b: TopBlock, d: Pick<Dataset, 'userIds' | 'itemIds' | 'titles' | 'ratingMin' | 'ratingMax'>): string {
  const n = b.items.length / b.users.length;
  const clip = (s: number) => Math.min(d.ratingMax, Math.max(d.ratingMin, s));
  const lines: string[] = [];
  for (let k = 0; k < b.users.length; k++) {
    for (let r = 0; r < n; r++) {
      const i = b.items[k * n + r];
      if (i < 0) break;
      lines.push(`${d.userIds[b.users[k]]},${r + 1},${d.itemIds[i]},${csvField(itemTitle(d, i))},${clip(b.scores[k * n + r]).toFixed(4)},${b.scores[k * n + r].toFixed(4)}\n`);
    }
  }
  return lines.join('');
}
