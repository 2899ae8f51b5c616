import { toCsr } from './csr';
import type { Csr, RatingTriples, Split } from './types';

/** What the trainer needs: sparse train/test matrices over the same rows and columns. */
export interface Prepared {
  readonly train: Csr;
  /** Test ratings whose user and item both have training ratings. */
  readonly test: Csr;
  /** Mean training rating: the prediction for test ratings AutoRec cannot make. */
  readonly trainMean: number;
  /**
   * Test ratings whose user or item has no training rating. AutoRec has nothing to reconstruct
   * them from, so they are predicted by the training mean; they stay in test RMSE/MAE.
   */
  readonly unseen: { readonly ratings: number; readonly sse: number; readonly absErr: number };
}

/** Rows are items for I-AutoRec (`byItem`), users for U-AutoRec. */
export function prepare(split: Split, numUsers: number, numItems: number, byItem: boolean): Prepared {
  const { train, test } = split;
  const userSeen = new Uint8Array(numUsers);
  const itemSeen = new Uint8Array(numItems);
  let sum = 0;
  for (let k = 0; k < train.ratings.length; k++) {
    userSeen[train.users[k]] = 1;
    itemSeen[train.items[k]] = 1;
    sum += train.ratings[k];
  }
  const trainMean = train.ratings.length > 0 ? sum / train.ratings.length : 0;
  const keep: number[] = [];
  let sse = 0;
  let absErr = 0;
  for (let k = 0; k < test.ratings.length; k++) {
    if (userSeen[test.users[k]] && itemSeen[test.items[k]]) {
      keep.push(k);
    } else {
      const e = test.ratings[k] - trainMean;
      sse += e * e;
      absErr += Math.abs(e);
    }
  }
  const known: RatingTriples = {
    users: Int32Array.from(keep, (k) => test.users[k]),
    items: Int32Array.from(keep, (k) => test.items[k]),
    ratings: Float32Array.from(keep, (k) => test.ratings[k]),
  };
  return {
    train: toCsr(train, numUsers, numItems, byItem),
    test: toCsr(known, numUsers, numItems, byItem),
    trainMean,
    unseen: { ratings: test.ratings.length - keep.length, sse, absErr },
  };
}
