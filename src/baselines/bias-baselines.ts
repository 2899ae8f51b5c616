import type { Split } from '../data/types';

export interface Baselines {
  /** Test RMSE of predicting the training mean everywhere. */
  globalMean: number;
  /** Test RMSE of mean + user bias + item bias (regularised alternating least squares, 10 sweeps), clipped. */
  userItemBias: number;
}

/** The simple predictors an AutoRec curve should beat, on the same split (as the d2l peer reports them). */
export function baselines(split: Split, numUsers: number, numItems: number, lo: number, hi: number): Baselines {
  const { train, test } = split;
  const n = train.ratings.length;
  let mu = 0;
  for (let k = 0; k < n; k++) mu += train.ratings[k];
  mu /= Math.max(n, 1);
  const bu = new Float64Array(numUsers);
  const bi = new Float64Array(numItems);
  const cu = new Float64Array(numUsers);
  const ci = new Float64Array(numItems);
  for (let k = 0; k < n; k++) {
    cu[train.users[k]]++;
    ci[train.items[k]]++;
  }
  const sum = new Float64Array(Math.max(numUsers, numItems));
  for (let sweep = 0; sweep < 10; sweep++) {
    sum.fill(0);
    for (let k = 0; k < n; k++) sum[train.items[k]] += train.ratings[k] - mu - bu[train.users[k]];
    for (let i = 0; i < numItems; i++) bi[i] = sum[i] / (10 + ci[i]);
    sum.fill(0);
    for (let k = 0; k < n; k++) sum[train.users[k]] += train.ratings[k] - mu - bi[train.items[k]];
    for (let u = 0; u < numUsers; u++) bu[u] = sum[u] / (15 + cu[u]);
  }
  let seMean = 0;
  let seBias = 0;
  const m = test.ratings.length;
  for (let k = 0; k < m; k++) {
    const r = test.ratings[k];
    const p = Math.min(hi, Math.max(lo, mu + bu[test.users[k]] + bi[test.items[k]]));
    seMean += (r - mu) ** 2;
    seBias += (r - p) ** 2;
  }
  return { globalMean: Math.sqrt(seMean / Math.max(m, 1)), userItemBias: Math.sqrt(seBias / Math.max(m, 1)) };
}
