import type { EpochStats } from '../worker/messages';

export type XMode = 'epoch' | 'seconds';
export type Metric = 'testRmse' | 'trainRmse' | 'trainLoss';
export interface Point {
  x: number;
  y: number;
}

/** x per epoch: its number, or seconds of wall time since the run started. */
export function xs(epochs: EpochStats[], mode: XMode): number[] {
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

export function series(epochs: EpochStats[], metric: Metric, mode: XMode, smoothing: number): { raw: Point[]; smooth: Point[] } {
  const x = xs(epochs, mode);
  const y = epochs.map((e) => e[metric]);
  const s = debiasedEma(y, smoothing);
  return { raw: y.map((v, k) => ({ x: x[k], y: v })), smooth: s.map((v, k) => ({ x: x[k], y: v })) };
}

/** True when, over the last `window` epochs, test RMSE went up while train loss went down. */
export function overfitting(epochs: EpochStats[], window = 2): boolean {
  if (epochs.length < window + 1) return false;
  const a = epochs[epochs.length - 1 - window];
  const b = epochs[epochs.length - 1];
  return b.testRmse > a.testRmse && b.trainLoss < a.trainLoss && b.testRmse > b.bestTestRmse;
}
