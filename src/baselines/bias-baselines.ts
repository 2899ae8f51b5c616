import { NO_RATINGS } from '../data/holdout';
import { rankedBy, type RankingFigures, type RankingTask } from '../data/ranking';
import type { RatingTriples, Split } from '../data/types';
import { countBy, dampedResiduals, meanRating } from './damped-means';
import { fitMatrixFactorization, type MfBaseline } from './matrix-factorization';

/**
 * The test RMSEs of the three simple predictors the chart draws as reference lines under the test-RMSE curve.
 * Reference only: no prediction of the app comes from them. Held-out ratings AutoRec cannot reconstruct (an
 * unseen user or item) are predicted by the cold-start baseline (cold-start.ts), a different estimator: one pass
 * of damped means plus newcomer offsets, clipped to the training ratings' range, fitted for that job. The line
 * stays the d2l peer's user+item bias (regularised ALS, ratingMin..ratingMax clipping), so that the chart's
 * figure is the one the peer reports.
 */
export interface Baselines {
  /** Test RMSE of predicting the training mean everywhere. */
  globalMean: number;
  /** Test RMSE of mean + user bias + item bias (userItemBiases), clipped to lo..hi. */
  userItemBias: number;
  /** Biased matrix factorisation (matrix-factorization.ts): its test RMSE, clipped to lo..hi, and the settings validation chose. */
  mf: MfBaseline;
  /**
   * Precision, recall and NDCG at 10 of recommending the most-rated training items (src/data/ranking.ts
   * mostPopular), on the run's ranking users; absent where the run measures no ranking.
   */
  popular?: RankingFigures;
}

/** The regularisation of the ALS biases (userItemBiases): pseudo-ratings at the mean per item, per user. */
const ITEM_DAMPING = 10;
const USER_DAMPING = 15;
/** Alternating sweeps (item biases, then user biases). */
const SWEEPS = 10;

/**
 * User and item biases by regularised alternating least squares from the training mean: each sweep sets every
 * item's bias to its damped mean residual after the user biases, then every user's after the item biases.
 */
function userItemBiases(train: Split['train'], numUsers: number, numItems: number, mean: number): { user: Float64Array; item: Float64Array } {
  const userCount = countBy(train.users, numUsers);
  const itemCount = countBy(train.items, numItems);
  let user = new Float64Array(numUsers);
  let item = new Float64Array(numItems);
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    item = dampedResiduals(train, 'items', itemCount, mean, ITEM_DAMPING, user);
    user = dampedResiduals(train, 'users', userCount, mean, USER_DAMPING, item);
  }
  return { user, item };
}

/**
 * The chart's baselines (see Baselines) on the run's split, the biases as the d2l peer reports them. MF is fitted on
 * `train`, its settings chosen on `valid` (a fixed default without one); `test` is only measured.
 */
export function baselines(split: Split & { valid?: RatingTriples }, numUsers: number, numItems: number, lo: number, hi: number, ranking?: RankingTask): Baselines {
  const { train, test } = split;
  const mu = meanRating(train.ratings);
  const b = userItemBiases(train, numUsers, numItems, mu);
  let seMean = 0;
  let seBias = 0;
  const m = test.ratings.length;
  for (let k = 0; k < m; k++) {
    const r = test.ratings[k];
    const p = Math.min(hi, Math.max(lo, mu + b.user[test.users[k]] + b.item[test.items[k]]));
    seMean += (r - mu) ** 2;
    seBias += (r - p) ** 2;
  }
  const mf = fitMatrixFactorization(train, split.valid ?? NO_RATINGS, test, { numUsers, numItems, lo, hi });
  // MF's top lists too, where the run ranks (its NDCG@10 beside AutoRec's and the most popular items')
  const scores = new Float64Array(numItems);
  const mfBaseline = ranking ? { ...mf.baseline, ranking: rankedBy(ranking, (u) => mf.model.scoreItems(u, scores)) } : mf.baseline;
  return { globalMean: Math.sqrt(seMean / Math.max(m, 1)), userItemBias: Math.sqrt(seBias / Math.max(m, 1)), mf: mfBaseline };
}
