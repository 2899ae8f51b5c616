import type { RatingTriples } from '../data/types';
import type { BackendName, Compute } from '../config/config';

/**
 * Above this share of observed entries 'auto' computes densely. Measured on wasm (ML-100K shape, 500
 * hidden): sparse is 30x faster at 5.5% observed and still 4x at 37%; dense wastes at most half its work
 * beyond this point.
 */
export const DENSE_ABOVE = 0.5;

/** Ratings in a users x items matrix (a dataset, a plan's shape): the share they fill is what 'auto' goes by. */
export interface Observed {
  numUsers: number;
  numItems: number;
  ratings: Pick<RatingTriples, 'ratings'>;
}

/**
 * Which path a run takes on a backend (webgl has no sparse kernels), with why, for the user: the one choice
 * every run, plan, search and opened model makes, from the share of the matrix its ratings fill.
 */
export function chooseCompute(c: Compute, backend: BackendName, observed: Observed): { compute: 'dense' | 'sparse'; reason: string } {
  const density = observed.ratings.ratings.length / (observed.numUsers * observed.numItems);
  const sparse = backend !== 'webgl';
  if (c === 'sparse' && !sparse) throw new Error(`The sparse path runs on the webgpu, wasm and cpu backends; ${backend} has no sparse kernels. Pick one of those, or compute "auto".`);
  if (c !== 'auto') return { compute: c, reason: 'as chosen' };
  const share = `${(density * 100).toFixed(density < 0.01 ? 2 : 1)}% of entries observed`;
  if (!sparse) return { compute: 'dense', reason: `auto: ${backend} has no sparse kernels` };
  if (density > DENSE_ABOVE) return { compute: 'dense', reason: `auto: ${share}, over ${DENSE_ABOVE * 100}%` };
  return { compute: 'sparse', reason: `auto: ${share}` };
}
