import { IdMap } from './ids';
import type { Dataset, RatingTriples } from './types';

function mapFrom(raw: Int32Array): IdMap {
  const m = new IdMap();
  for (const id of raw) m.index(id);
  return m;
}

/**
 * A second file as the test set: its ids are mapped into `base`'s dense id space; ids `base` never
 * saw get new indices after base's (so they are users/items without training ratings).
 */
export function joinTestSet(base: Dataset, test: Dataset): { dataset: Dataset; test: RatingTriples; unseenUsers: number; unseenItems: number } {
  const users = mapFrom(base.userIds);
  const items = mapFrom(base.itemIds);
  const n = test.ratings.ratings.length;
  const out = { users: new Int32Array(n), items: new Int32Array(n), ratings: test.ratings.ratings.slice() };
  let unseenUsers = 0;
  let unseenItems = 0;
  for (let k = 0; k < n; k++) {
    const u = users.index(test.userIds[test.ratings.users[k]]);
    const i = items.index(test.itemIds[test.ratings.items[k]]);
    if (u >= base.numUsers) unseenUsers++;
    if (i >= base.numItems) unseenItems++;
    out.users[k] = u;
    out.items[k] = i;
  }
  const titles = base.titles ? [...base.titles, ...new Array<string>(items.size - base.numItems).fill('')] : undefined;
  return {
    dataset: {
      ...base,
      numUsers: users.size,
      numItems: items.size,
      userIds: users.rawIds(),
      itemIds: items.rawIds(),
      titles,
      ratingMin: Math.min(base.ratingMin, test.ratingMin),
      ratingMax: Math.max(base.ratingMax, test.ratingMax),
    },
    test: out,
    unseenUsers,
    unseenItems,
  };
}
