import { IdMap } from './ids';
import type { Dataset, RatingTriples } from './types';

export interface JoinedTestSet {
  /** `base`, with ids only the test file has appended to its id space. */
  dataset: Dataset;
  /** The test file's ratings in the joined dense ids. */
  test: RatingTriples;
  /** Test ratings whose user / item has no rating in `base`. */
  unseenUsers: number;
  unseenItems: number;
}

/**
 * A second file as the test set: its raw ids are mapped into `base`'s dense id space; ids `base`
 * never saw get new indices after base's, so numUsers / numItems may grow.
 */
export function joinTestSet(base: Dataset, test: Dataset): JoinedTestSet {
  const users = IdMap.from(base.userIds);
  const items = IdMap.from(base.itemIds);
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
  const grown = items.size - base.numItems;
  const titles = base.titles && grown > 0 ? [...base.titles, ...new Array<string>(grown).fill('')] : base.titles;
  // genres by item index too: the test set's new items have none (a mask of 0)
  const genres = base.genres && grown > 0 ? { names: base.genres.names, items: Int32Array.from({ length: items.size }, (_, i) => (i < base.numItems ? base.genres!.items[i] : 0)) } : base.genres;
  return {
    dataset: {
      ...base,
      numUsers: users.size,
      numItems: items.size,
      userIds: users.size > base.numUsers ? users.rawIds() : base.userIds,
      itemIds: grown > 0 ? items.rawIds() : base.itemIds,
      ...(titles && { titles }),
      ...(genres && { genres }),
      ratingMin: Math.min(base.ratingMin, test.ratingMin),
      ratingMax: Math.max(base.ratingMax, test.ratingMax),
    },
    test: out,
    unseenUsers,
    unseenItems,
  };
}
