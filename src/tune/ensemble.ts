import type { Unseen } from '../train/prepare';
import { FOLDS, type Blend } from '../config/tune-results';

/** The equal average of the first k of n members. */
export function averageOf(k: number, n = k): Blend {
  return { weights: Array.from({ length: n }, (_, j) => (j < k ? 1 / k : 0)), intercept: 0, fitted: false };
}

/** The blend's prediction at entry k. */
function blendAt(blend: Blend, preds: readonly Float32Array[], k: number, lo: number, hi: number): number {
  let s = blend.intercept;
  for (let j = 0; j < preds.length; j++) if (blend.weights[j] !== 0) s += blend.weights[j] * preds[j][k];
  return Math.min(hi, Math.max(lo, s));
}

/**
 * RMSE and MAE of a blend of `preds` (one array per model, over the same known entries; the plain average when
 * no blend is given) against `truth`, with the ratings no model can predict (unseen: predicted by the cold-start
 * baseline, the same for every model). `range`: the rating range the blend is clipped to.
 */
export function scoreOf(preds: readonly Float32Array[], truth: Float32Array, unseen: Unseen, blend: Blend = averageOf(preds.length), range: readonly [number, number] = [-Infinity, Infinity]): { rmse: number; mae: number } {
  if (preds.length === 0) throw new Error('no predictions to score');
  let sse = unseen.sse;
  let ae = unseen.absErr;
  for (let k = 0; k < truth.length; k++) {
    const e = blendAt(blend, preds, k, range[0], range[1]) - truth[k];
    sse += e * e;
    ae += Math.abs(e);
  }
  const n = truth.length + unseen.ratings;
  return { rmse: Math.sqrt(sse / n), mae: ae / n };
}

/** Solves the symmetric positive definite system A x = b in place (Gaussian elimination, partial pivoting). */
function solve(A: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    [A[c], A[p]] = [A[p], A[c]];
    [b[c], b[p]] = [b[p], b[c]];
    for (let r = c + 1; r < n; r++) {
      const f = A[r][c] / A[c][c];
      for (let j = c; j < n; j++) A[r][j] -= f * A[c][j];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < n; j++) s -= A[r][j] * x[j];
    x[r] = s / A[r][r];
  }
  return x;
}

/**
 * Least-squares weights and intercept of the members' predictions at the entries `use` selects (all when absent):
 * min Σ (truth - b - Σ w_j p_j)^2 + ridge Σ (w_j - 1/n)^2, the ridge (a millionth of the data's own scale) only
 * there to keep nearly identical members solvable, pulling towards the equal average.
 */
export function fitBlend(preds: readonly Float32Array[], truth: Float32Array, use?: (k: number) => boolean): Blend {
  const n = preds.length;
  const mean = new Float64Array(n);
  let yMean = 0;
  let m = 0;
  for (let k = 0; k < truth.length; k++) {
    if (use && !use(k)) continue;
    m++;
    yMean += truth[k];
    for (let j = 0; j < n; j++) mean[j] += preds[j][k];
  }
  if (m === 0) return averageOf(n);
  yMean /= m;
  for (let j = 0; j < n; j++) mean[j] /= m;
  const A = Array.from({ length: n }, () => new Float64Array(n));
  const b = new Float64Array(n);
  const x = new Float64Array(n);
  for (let k = 0; k < truth.length; k++) {
    if (use && !use(k)) continue;
    for (let j = 0; j < n; j++) x[j] = preds[j][k] - mean[j];
    const y = truth[k] - yMean;
    for (let i = 0; i < n; i++) {
      b[i] += x[i] * y;
      for (let j = 0; j <= i; j++) A[i][j] += x[i] * x[j];
    }
  }
  let trace = 0;
  for (let i = 0; i < n; i++) trace += A[i][i];
  const ridge = Math.max(1e-6 * (trace / n), 1e-12);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) A[j][i] = A[i][j];
    A[i][i] += ridge;
    b[i] += ridge / n;
  }
  const w = solve(A, b);
  let intercept = yMean;
  for (let j = 0; j < n; j++) intercept -= w[j] * mean[j];
  return { weights: Array.from(w), intercept, fitted: true };
}


/**
 * The validation RMSE a blend fitted on validation would have on ratings it was not fitted on: each fold's
 * entries predicted by weights fitted on the other folds (the unseen ratings as in scoreOf).
 */
export function crossValidatedRmse(preds: readonly Float32Array[], truth: Float32Array, unseen: Unseen, range: readonly [number, number]): number {
  let sse = unseen.sse;
  for (let f = 0; f < FOLDS; f++) {
    const blend = fitBlend(preds, truth, (k) => k % FOLDS !== f);
    for (let k = f; k < truth.length; k += FOLDS) sse += (blendAt(blend, preds, k, range[0], range[1]) - truth[k]) ** 2;
  }
  return Math.sqrt(sse / (truth.length + unseen.ratings));
}

export interface EnsembleChoice {
  /** How many of the members (the first ones) the blend uses. */
  size: number;
  blend: Blend;
  /** Validation RMSE of the chosen blend (cross-validated when fitted). */
  rmse: number;
  /** The first member's own. */
  single: number;
  /** bySize[k - 1]: validation RMSE of the average of the first k. */
  bySize: number[];
  /** Cross-validated validation RMSE of a blend of all members fitted on validation (undefined when not tried). */
  fittedRmse?: number;
}

/**
 * How to combine the top models (in the given order, best first): the average of the first k with the lowest
 * validation RMSE, or, with `fit` and two or more members, least-squares weights over all of them fitted on
 * validation when their cross-validated validation RMSE is lower still (then refitted on all of validation).
 */
export function chooseEnsemble(preds: readonly Float32Array[], truth: Float32Array, unseen: Unseen, opts: { fit?: boolean; range?: readonly [number, number] } = {}): EnsembleChoice {
  const range = opts.range ?? [-Infinity, Infinity];
  let size = 1;
  let rmse = Infinity;
  const bySize: number[] = [];
  for (let k = 1; k <= preds.length; k++) {
    const r = scoreOf(preds.slice(0, k), truth, unseen, averageOf(k), range).rmse;
    bySize.push(r);
    if (r < rmse) [size, rmse] = [k, r];
  }
  const single = bySize[0] ?? NaN;
  if (!opts.fit || preds.length < 2) return { size, blend: averageOf(size), rmse, single, bySize };
  const fittedRmse = crossValidatedRmse(preds, truth, unseen, range);
  if (!(fittedRmse < rmse)) return { size, blend: averageOf(size), rmse, single, bySize, fittedRmse };
  return { size: preds.length, blend: fitBlend(preds, truth), rmse: fittedRmse, single, bySize, fittedRmse };
}
