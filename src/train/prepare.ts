import { ColdStart } from '../baselines/cold-start';
import { toCsr } from '../data/csr';
import type { Holdout } from '../data/holdout';
import type { Csr, RatingTriples } from '../data/types';

/** Held-out ratings AutoRec cannot reconstruct (their user or item has no training rating): predicted by the cold-start baseline (ColdStart). */
export interface Unseen {
  readonly ratings: number;
  readonly sse: number;
  readonly absErr: number;
}

/** What the trainer needs: sparse train/validation/test matrices over the same rows and columns. */
export interface Prepared {
  readonly train: Csr;
  /** Validation ratings whose user and item both have training ratings (empty when there is no validation share). */
  readonly valid: Csr;
  /** Test ratings whose user and item both have training ratings. */
  readonly test: Csr;
  /** Mean training rating. */
  readonly trainMean: number;
  /**
   * Test (validation) ratings whose user or item has no training rating. AutoRec has nothing to reconstruct
   * them from, so they are predicted by a damped-mean baseline of the training ratings (ColdStart: the user's
   * bias for an unseen item, the item's for an unseen user); they stay in the RMSE/MAE.
   */
  readonly unseen: Unseen;
  readonly unseenValid: Unseen;
}

/** What a trainer learns from and is measured on: the prepared matrices and the rating scale predictions are clipped to. */
export interface TrainData extends Prepared {
  readonly ratingMin: number;
  readonly ratingMax: number;
}

/** Rows are items for I-AutoRec (`byItem`), users for U-AutoRec. */
export function prepare(h: Pick<Holdout, 'train' | 'test'> & Partial<Pick<Holdout, 'valid'>>, numUsers: number, numItems: number, byItem: boolean): Prepared {
  const { train } = h;
  const cold = new ColdStart(train, numUsers, numItems);
  const heldOut = (r: RatingTriples): { known: Csr; unseen: Unseen } => {
    const keep: number[] = [];
    let sse = 0;
    let absErr = 0;
    for (let k = 0; k < r.ratings.length; k++) {
      if (cold.known(r.users[k], r.items[k])) {
        keep.push(k);
      } else {
        const e = r.ratings[k] - cold.predict(r.users[k], r.items[k]);
        sse += e * e;
        absErr += Math.abs(e);
      }
    }
    const known: RatingTriples = {
      users: Int32Array.from(keep, (k) => r.users[k]),
      items: Int32Array.from(keep, (k) => r.items[k]),
      ratings: Float32Array.from(keep, (k) => r.ratings[k]),
    };
    return { known: toCsr(known, numUsers, numItems, byItem), unseen: { ratings: r.ratings.length - keep.length, sse, absErr } };
  };
  const test = heldOut(h.test);
  const valid = heldOut(h.valid ?? { users: new Int32Array(0), items: new Int32Array(0), ratings: new Float32Array(0) });
  return {
    train: toCsr(train, numUsers, numItems, byItem),
    valid: valid.known,
    test: test.known,
    trainMean: cold.mean,
    unseen: test.unseen,
    unseenValid: valid.unseen,
  };
}
