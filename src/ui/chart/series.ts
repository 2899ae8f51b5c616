import type { EpochStats } from '../../worker/messages';

export type XMode = 'epoch' | 'seconds';
export type Metric = 'testRmse' | 'validRmse' | 'trainRmse' | 'trainLoss' | 'testNdcg10';
export interface Point {
  x: number;
  y: number;
}

/** x per epoch: its number, or seconds of wall time since the run started. */
export function xs(epochs: readonly EpochStats[], mode: XMode): number[] {
  let t = 0;
  return epochs.map((e) => (mode === 'epoch' ? e.epoch : (t += e.ms) / 1000));
}

/** Exponential moving average with the start-up bias removed (as TensorBoard smooths scalars). */
export function debiasedEma(values: number[], weight: number): number[] {
  let acc = 0;
  return values.map((v, k) => {
    acc = weight * acc + (1 - weight) * v;
    return weight > 0 ? acc / (1 - weight ** (k + 1)) : v;
  });
}

/** A metric per epoch, raw and smoothed; epochs without a value (NaN: no validation share; absent: not measured) are left out. */
export function series(epochs: readonly EpochStats[], metric: Metric, mode: XMode, smoothing: number): { raw: Point[]; smooth: Point[] } {
  const x = xs(epochs, mode);
  const raw = epochs.map((e, k) => ({ x: x[k], y: e[metric] ?? NaN })).filter((p) => Number.isFinite(p.y));
  const s = debiasedEma(
    raw.map((p) => p.y),
    smoothing,
  );
  return { raw, smooth: s.map((v, k) => ({ x: raw[k].x, y: v })) };
}

/**
 * Which held-out curve signals overfitting: over the last `window` epochs it went up, above its lowest,
 * while train loss went down. Validation RMSE when the run has a validation share, else test RMSE.
 */
export function overfitting(epochs: readonly EpochStats[], window = 2): 'validation' | 'test' | undefined {
  if (epochs.length < window + 1) return undefined;
  const a = epochs[epochs.length - 1 - window];
  const b = epochs[epochs.length - 1];
  const onValid = Number.isFinite(b.validRmse);
  const metric = onValid ? 'validRmse' : 'testRmse';
  const lowest = epochs.reduce((m, e) => (e[metric] < m ? e[metric] : m), Infinity);
  const rising = b[metric] > a[metric] && b.trainLoss < a.trainLoss && b[metric] > lowest;
  return rising ? (onValid ? 'validation' : 'test') : undefined;
}
