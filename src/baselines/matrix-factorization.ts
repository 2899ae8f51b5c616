import type { RankingFigures } from '../data/ranking';
import { makeNormal, makeRng, shuffle } from '../data/rng';
import type { RatingTriples } from '../data/types';
import { countBy, meanRating } from './damped-means';

/** Settings of one biased-MF fit: latent factors per user and item, and the L2 penalty. */
export interface MfSettings {
  factors: number;
  l2: number;
}

/** What the chart and the summaries show of the MF baseline: its test RMSE and the settings validation chose. */
export interface MfBaseline {
  /** Test RMSE, predictions clipped to lo..hi (as the user+item bias line's). */
  testRmse: number;
  /** Validation RMSE of the chosen settings at the chosen epoch count (NaN without a validation share). */
  validRmse: number;
  factors: number;
  l2: number;
  /** Epochs of SGD the fit kept (the lowest validation RMSE; the cap without a validation share). */
  epochs: number;
  /** 'validation': chosen from MF_GRID on the validation share; 'default': MF_DEFAULT (no validation share, or data too large to search, WORK_CAP). */
  chosenBy: 'validation' | 'default';
  /** Precision, recall and NDCG at 10 of its top lists (unclipped scores) on the run's ranking users, where measured. */
  ranking?: RankingFigures;
}

/**
 * The grid searched on the validation share, four fits so that it costs about a second on ML-100K. Factors: 10
 * (the d2l MF chapter's) and 40 (room for larger data). λ per rating, as in Koren's SGD updates: 0.05 and 0.1;
 * on ML-100K 0.02 (Funk's and Surprise's default) overfits (validation 0.923 against 0.901) and 0.2 underfits (0.94).
 */
export const MF_GRID: readonly MfSettings[] = [10, 40].flatMap((factors) => [0.05, 0.1].map((l2) => ({ factors, l2 })));
/** The settings without a validation share to choose by: the grid's cheaper one that ML-100K's validation share rates near best. */
export const MF_DEFAULT: MfSettings = { factors: 10, l2: 0.1 };
/** SGD step (Koren 2009 uses 0.005–0.01 on Netflix's 100M ratings; 0.015 reaches ML-100K's best validation RMSE in 15–30 epochs). */
const LEARNING_RATE = 0.015;
/** Standard deviation of the initial factors. */
const INIT_STD = 0.1;
/** Most epochs per fit (also the epochs without a validation share); a fit stops earlier after PATIENCE epochs without a better validation RMSE. */
const MAX_EPOCHS = 30;
const PATIENCE = 2;
/**
 * Work cap: rating × factor updates for the whole fit (about 6 ns each in V8). ML-100K's ~85k training ratings ×
 * 2 × (10 + 40) factors × MAX_EPOCHS is ~2.6e8: the search stays about a second in front of a run's start (it runs
 * before the run's first epoch). A larger dataset gets proportionally fewer epochs; where that leaves the grid
 * fewer than MIN_EPOCHS (above ~600k training ratings), MF_DEFAULT alone is fitted (validation still picks its
 * epoch), with at least one epoch: the cost grows with the data only beyond ~30M ratings.
 */
const WORK_CAP = 3e8;
const MIN_EPOCHS = 5;

/**
 * A fitted biased matrix factorisation, r̂(u, i) = μ + b_u + b_i + p_u · q_i, by stochastic gradient descent over
 * the training ratings in a seeded random order each epoch (Funk 2006; Koren, Bell & Volinsky, "Matrix
 * Factorization Techniques for Recommender Systems", IEEE Computer 2009, eq. 5 and its SGD updates):
 *   e = r − r̂;  b_u += γ(e − λ b_u);  b_i += γ(e − λ b_i);  p_u += γ(e q_i − λ p_u);  q_i += γ(e p_u − λ q_i).
 * Users and items with no training rating keep zero bias and zero factors (they are predicted μ + the other's bias).
 * Scores are raw (unclipped): rank by them; clip only for RMSE and display.
 */
export class MatrixFactorization {
  readonly mean: number;
  readonly factors: number;
  readonly userBias: Float64Array;
  readonly itemBias: Float64Array;
  /** numUsers × factors, row-major. */
  readonly userFactors: Float64Array;
  /** numItems × factors, row-major. */
  readonly itemFactors: Float64Array;

  constructor(mean: number, factors: number, numUsers: number, numItems: number) {
    this.mean = mean;
    this.factors = factors;
    this.userBias = new Float64Array(numUsers);
    this.itemBias = new Float64Array(numItems);
    this.userFactors = new Float64Array(numUsers * factors);
    this.itemFactors = new Float64Array(numItems * factors);
  }

  /** The raw predicted score of (user, item). */
  score(user: number, item: number): number {
    const k = this.factors;
    const pu = user * k;
    const qi = item * k;
    let s = this.mean + this.userBias[user] + this.itemBias[item];
    for (let f = 0; f < k; f++) s += this.userFactors[pu + f] * this.itemFactors[qi + f];
    return s;
  }

  /** The raw scores of every item for `user`, into `out` (length numItems; a new array when absent). */
  scoreItems(user: number, out: Float64Array = new Float64Array(this.itemBias.length)): Float64Array {
    const k = this.factors;
    const P = this.userFactors;
    const Q = this.itemFactors;
    const pu = user * k;
    const base = this.mean + this.userBias[user];
    for (let i = 0; i < out.length; i++) {
      let s = base + this.itemBias[i];
      const qi = i * k;
      for (let f = 0; f < k; f++) s += P[pu + f] * Q[qi + f];
      out[i] = s;
    }
    return out;
  }

  /** RMSE on `set`, predictions clipped to lo..hi (NaN for an empty set). */
  rmse(set: RatingTriples, lo: number, hi: number): number {
    const n = set.ratings.length;
    let se = 0;
    for (let k = 0; k < n; k++) {
      const p = Math.min(hi, Math.max(lo, this.score(set.users[k], set.items[k])));
      se += (set.ratings[k] - p) ** 2;
    }
    return n > 0 ? Math.sqrt(se / n) : NaN;
  }

  /** A copy of the parameters (the best epoch's, kept while SGD goes on). */
  copyFrom(o: MatrixFactorization): void {
    this.userBias.set(o.userBias);
    this.itemBias.set(o.itemBias);
    this.userFactors.set(o.userFactors);
    this.itemFactors.set(o.itemFactors);
  }
}

/** What fitting gives: the model (chosen settings, best epoch) and its figures. */
export interface MfFit {
  model: MatrixFactorization;
  baseline: MfBaseline;
}

interface FitOptions {
  numUsers: number;
  numItems: number;
  /** Rating scale, for clipping predictions in RMSE. */
  lo: number;
  hi: number;
  seed?: number;
  /** The settings to try (MF_GRID by default); all of them when `valid` has ratings, else MF_DEFAULT alone. */
  grid?: readonly MfSettings[];
  /** Rating × factor updates allowed (WORK_CAP by default). */
  workCap?: number;
}

/** Random initial factors for users (items) that have training ratings; zero for the others. */
function initFactors(a: Float64Array, k: number, count: Int32Array, normal: () => number): void {
  for (let r = 0; r < count.length; r++) if (count[r] > 0) for (let f = 0; f < k; f++) a[r * k + f] = INIT_STD * normal();
}

/** One SGD epoch over `train` in the order `order`. */
function sgdEpoch(m: MatrixFactorization, train: RatingTriples, order: Int32Array, l2: number): void {
  const { users, items, ratings } = train;
  const k = m.factors;
  const P = m.userFactors;
  const Q = m.itemFactors;
  const bu = m.userBias;
  const bi = m.itemBias;
  const mu = m.mean;
  const g = LEARNING_RATE;
  for (let n = 0; n < order.length; n++) {
    const j = order[n];
    const u = users[j];
    const i = items[j];
    const pu = u * k;
    const qi = i * k;
    let pred = mu + bu[u] + bi[i];
    for (let f = 0; f < k; f++) pred += P[pu + f] * Q[qi + f];
    const e = ratings[j] - pred;
    bu[u] += g * (e - l2 * bu[u]);
    bi[i] += g * (e - l2 * bi[i]);
    for (let f = 0; f < k; f++) {
      const p = P[pu + f];
      const q = Q[qi + f];
      P[pu + f] = p + g * (e * q - l2 * p);
      Q[qi + f] = q + g * (e * p - l2 * q);
    }
  }
}

/**
 * Fits one setting: SGD epochs up to `maxEpochs`, keeping the epoch with the lowest validation RMSE (early stop
 * after PATIENCE epochs without one); without validation ratings, all `maxEpochs` epochs.
 */
function fitOne(train: RatingTriples, valid: RatingTriples, s: MfSettings, o: FitOptions & { maxEpochs: number; mean: number; userCount: Int32Array; itemCount: Int32Array }): { model: MatrixFactorization; validRmse: number; epochs: number } {
  const seed = o.seed ?? 0;
  const rng = makeRng((seed ^ 0x3f1d) >>> 0);
  const normal = makeNormal(rng);
  const m = new MatrixFactorization(o.mean, s.factors, o.numUsers, o.numItems);
  initFactors(m.userFactors, s.factors, o.userCount, normal);
  initFactors(m.itemFactors, s.factors, o.itemCount, normal);
  const order = Int32Array.from({ length: train.ratings.length }, (_, k) => k);
  const validated = valid.ratings.length > 0;
  const best = validated ? new MatrixFactorization(o.mean, s.factors, o.numUsers, o.numItems) : m;
  let bestRmse = Infinity;
  let bestEpoch = 0;
  for (let epoch = 1; epoch <= o.maxEpochs; epoch++) {
    sgdEpoch(m, train, shuffle(order, rng), s.l2);
    if (!validated) continue;
    const v = m.rmse(valid, o.lo, o.hi);
    if (v < bestRmse) {
      bestRmse = v;
      bestEpoch = epoch;
      best.copyFrom(m);
    } else if (epoch - bestEpoch >= PATIENCE) break;
  }
  return validated ? { model: best, validRmse: bestRmse, epochs: bestEpoch } : { model: m, validRmse: NaN, epochs: o.maxEpochs };
}

/**
 * The MF baseline: fitted on `train` only; factors, penalty and epoch count chosen by the lowest RMSE on `valid`
 * (the test ratings are read once, for the chosen model's figure); without validation ratings MF_DEFAULT for
 * the epoch cap. Deterministic for a seed. The work is capped (WORK_CAP): larger data costs fewer epochs, and
 * data too large for the grid gets MF_DEFAULT alone.
 */
export function fitMatrixFactorization(train: RatingTriples, valid: RatingTriples, test: RatingTriples, o: FitOptions): MfFit {
  const validated = valid.ratings.length > 0;
  const epochsFor = (grid: readonly MfSettings[]) => Math.floor((o.workCap ?? WORK_CAP) / Math.max(1, train.ratings.length * grid.reduce((w, s) => w + s.factors, 0)));
  const searched = validated && epochsFor(o.grid ?? MF_GRID) >= MIN_EPOCHS;
  const grid = searched ? (o.grid ?? MF_GRID) : [MF_DEFAULT];
  const maxEpochs = Math.max(1, Math.min(MAX_EPOCHS, epochsFor(grid)));
  const common = { ...o, maxEpochs, mean: meanRating(train.ratings), userCount: countBy(train.users, o.numUsers), itemCount: countBy(train.items, o.numItems) };
  let chosen: (ReturnType<typeof fitOne> & { settings: MfSettings }) | undefined;
  for (const s of grid) {
    const fit = fitOne(train, valid, s, common);
    if (!chosen || fit.validRmse < chosen.validRmse) chosen = { ...fit, settings: s };
  }
  if (!chosen) throw new Error('fitMatrixFactorization: an empty grid');
  const { model, validRmse, epochs, settings } = chosen;
  return {
    model,
    baseline: { testRmse: model.rmse(test, o.lo, o.hi), validRmse, factors: settings.factors, l2: settings.l2, epochs, chosenBy: searched ? 'validation' : 'default' },
  };
}
