import type { Dataset } from '../data/types';
import type { Holdout } from '../data/holdout';
import { itemVectors } from './item-map';
import { recommendFor, type Recommendation } from './recommend';
import { becauseOf } from './why-recommended';
import type { Served } from './served';

export interface NamedItem {
  /** Raw (file) id. */
  item: number;
  title: string;
  /** Clipped to the rating scale (shown); `score` unclipped (ranked by). */
  predicted: number;
  score: number;
  actual?: number;
  trainRatings?: number;
  /** Why (a top item): the user's liked ratings nearest it in the model's item space (why-recommended.ts), nearest first. */
  because?: { item: number; title: string; rating: number; similarity: number }[];
}

/** One user's top list and held-out ratings with raw ids and titles: what the app shows and `npm run recommend` prints. */
export interface NamedRecommendations {
  user: number;
  top: NamedItem[];
  heldOut: NamedItem[];
  minRatings: number;
  defaultMinRatings: number;
  eligibleItems: number;
  ratingMin: number;
  ratingMax: number;
}

export type Named = { ok: true; result: NamedRecommendations } | { ok: false; error: string };

/** An item's title as the app shows it (its raw id where the data has no title for it). */
export const itemTitle = (d: Pick<Dataset, 'itemIds' | 'titles'>, item: number) => d.titles?.[item] || `item ${d.itemIds[item]}`;

/** recommendFor for a raw user id, named: the one code path of the worker and the headless command. */
export async function recommendNamed(
  served: Served,
  split: Holdout,
  d: Pick<Dataset, 'userIds' | 'itemIds' | 'titles' | 'ratingMin' | 'ratingMax'>,
  rawUser: number,
  k = 10,
  minRatings?: number,
): Promise<Named> {
  const user = d.userIds.indexOf(rawUser);
  if (user < 0) return { ok: false, error: `There is no user ${rawUser} in this dataset.` };
  const r = await recommendFor(served, split, user, k, minRatings);
  // "because you liked": in the first network's item space (a blend's first member); none without the ratings
  const map = served.networks[0];
  const vectors = map && itemVectors(map);
  const why = vectors ? await becauseOf(vectors, r.top.map((x) => x.item), split.train, user).finally(() => vectors.dispose()) : r.top.map(() => []);
  const named = (x: Recommendation): NamedItem => ({
    item: d.itemIds[x.item],
    title: itemTitle(d, x.item),
    predicted: x.predicted,
    score: x.score,
    actual: x.actual,
    trainRatings: x.trainRatings,
  });
  return {
    ok: true,
    result: {
      user: rawUser,
      top: r.top.map((x, n) => ({
        ...named(x),
        because: why[n].map((b) => ({ item: d.itemIds[b.item], title: itemTitle(d, b.item), rating: b.rating, similarity: b.similarity })),
      })),
      heldOut: r.heldOut.map(named),
      minRatings: r.minRatings,
      defaultMinRatings: r.defaultMinRatings,
      eligibleItems: r.eligibleItems,
      ratingMin: d.ratingMin,
      ratingMax: d.ratingMax,
    },
  };
}
