import type { Unseen } from '../../data/prepare';

/**
 * RMSE and MAE of the average of `preds` (one array per model, over the same known entries) against `truth`,
 * with the ratings no model can predict (unseen: predicted by the cold-start baseline, the same for every model).
 */
export function scoreOf(preds: readonly Float32Array[], truth: Float32Array, unseen: Unseen): { rmse: number; mae: number } {
  if (preds.length === 0) throw new Error('no predictions to score');
  let sse = unseen.sse;
  let ae = unseen.absErr;
  for (let k = 0; k < truth.length; k++) {
    let s = 0;
    for (const p of preds) s += p[k];
    const e = s / preds.length - truth[k];
    sse += e * e;
    ae += Math.abs(e);
  }
  const n = truth.length + unseen.ratings;
  return { rmse: Math.sqrt(sse / n), mae: ae / n };
}

/**
 * How many of the top models (in the given order, best first) to average: the count with the lowest
 * validation RMSE. `single` is the first model's own; `bySize[k - 1]` that of the average of the first k.
 */
export function chooseEnsemble(preds: readonly Float32Array[], truth: Float32Array, unseen: Unseen): { size: number; rmse: number; single: number; bySize: number[] } {
  let size = 1;
  let rmse = Infinity;
  const bySize: number[] = [];
  for (let k = 1; k <= preds.length; k++) {
    const r = scoreOf(preds.slice(0, k), truth, unseen).rmse;
    bySize.push(r);
    if (r < rmse) [size, rmse] = [k, r];
  }
  return { size, rmse, single: bySize[0] ?? NaN, bySize };
}
