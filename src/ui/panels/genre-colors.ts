import type { Genres } from '../../data/types';
import { OKABE_ITO } from '../okabe-ito';

const { orange, skyBlue, bluishGreen, blue, vermillion, reddishPurple, black } = OKABE_ITO;

/**
 * The item map's genre colours: Okabe-Ito (../okabe-ito.ts) without its yellow, which a 2-pixel point on the
 * map's white cannot carry. Seven colours a colour-blind person can tell apart, where ML-100K has 19 genres
 * (MovieLens 1M 18, 20M 20): only the most common genres of the data get one (GENRE_COLORS in this order,
 * most common first), each item drawn in the least common of its coloured genres (itemGenreOf), and every
 * other item is grey, "other genres"; a genre picked in the legend shows its items alone, in its colour or in black.
 */
export const GENRE_COLORS: readonly string[] = [orange, skyBlue, bluishGreen, blue, vermillion, reddishPurple, black];

/** Items of the genres without a colour of their own, and items without a genre. */
export const OTHER_GENRES = '#9aa3ad';

/** A picked genre that has no colour of its own: black, over the dimmed rest. */
export const PICKED_OTHER = black;

/**
 * The colour of each genre (by index), the most common genres (by items, ties to the earlier genre) taking
 * GENRE_COLORS in order; undefined for the genres beyond them, drawn as OTHER_GENRES.
 */
export function genreColors(genres: Genres): (string | undefined)[] {
  const counts = genres.names.map((_, k) => {
    let n = 0;
    for (const m of genres.items) if (m & (1 << k)) n++;
    return n;
  });
  const byCount = counts.map((n, k) => ({ n, k })).filter(({ n }) => n > 0).sort((a, b) => b.n - a.n || a.k - b.k);
  const colors: (string | undefined)[] = genres.names.map(() => undefined);
  byCount.slice(0, GENRE_COLORS.length).forEach(({ k }, rank) => (colors[k] = GENRE_COLORS[rank]));
  return colors;
}

/**
 * Which genre each item is drawn in (by its genre bits): of its genres with a colour, the least common, so that
 * the smaller groups show (a drama-romance is Romance's, an action-adventure Adventure's); -1 for OTHER_GENRES.
 */
export function itemGenreOf(colors: readonly (string | undefined)[]): (mask: number) => number {
  const rank = (k: number) => GENRE_COLORS.indexOf(colors[k] ?? '');
  const rarestFirst = colors.flatMap((c, k) => (c ? [k] : [])).sort((a, b) => rank(b) - rank(a));
  return (mask) => rarestFirst.find((k) => mask & (1 << k)) ?? -1;
}
