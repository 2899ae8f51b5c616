import { makeNormal, makeRng } from './rng';
import type { Dataset } from './types';

export interface DemoShape {
  users: number;
  items: number;
  /** Target number of ratings; the result has about this many. */
  ratings: number;
  seed: number;
  /** The hidden taste model; DEMO_TASTE when absent. */
  taste?: Partial<Taste>;
}

/** How ratings arise: mean + user bias + item bias + scale * (user factors . item factors) + noise, rounded to 1..5. */
export interface Taste {
  factors: number;
  /** Weight of the user-item interaction: what a model beyond biases can learn. */
  interaction: number;
  userBias: number;
  itemBias: number;
  noise: number;
  /** Zipf exponent of item popularity. */
  popularity: number;
}

export const DEMO_TASTE: Taste = { factors: 3, interaction: 1.6, userBias: 0.4, itemBias: 0.5, noise: 0.6, popularity: 0.9 };

/** The built-in demo: MovieLens 100K's shape (943 users, 1682 items, ~100k ratings), made up. */
export const DEMO_SHAPE: DemoShape = { users: 943, items: 1682, ratings: 100_000, seed: 7 };

/**
 * Generates MovieLens-shaped ratings from a hidden low-rank taste model: popular items and
 * heavy users follow power laws, every user rates at least a few items, ratings are integers 1..5
 * with MovieLens' skew towards 3-4. Learnable structure, so a model can beat the mean.
 */
export function generateDemo(shape: DemoShape = DEMO_SHAPE): Dataset {
  const { users: nU, items: nI, seed } = shape;
  const taste = { ...DEMO_TASTE, ...shape.taste };
  const FACTORS = taste.factors;
  const uniform = makeRng(seed);
  const normal = makeNormal(uniform);
  // User activity ~ heavy-tailed, at least 5 ratings each, scaled to the target total.
  const activity = Float64Array.from({ length: nU }, () => Math.pow(1 - uniform(), -0.8));
  const actSum = activity.reduce((a, b) => a + b, 0);
  const budget = Math.max(shape.ratings - 5 * nU, 0) * 1.21;
  const perUser = Int32Array.from(activity, (a) => Math.min(nI, 5 + Math.round((a / actSum) * budget)));

  const userF = Float32Array.from({ length: nU * FACTORS }, () => normal() / Math.sqrt(FACTORS));
  const itemF = Float32Array.from({ length: nI * FACTORS }, () => normal() / Math.sqrt(FACTORS));
  const userBias = Float32Array.from({ length: nU }, () => taste.userBias * normal());
  const itemBias = Float32Array.from({ length: nI }, () => taste.itemBias * normal());

  // Item popularity ~ Zipf; cumulative weights for sampling.
  const cum = new Float64Array(nI);
  let total = 0;
  for (let i = 0; i < nI; i++) cum[i] = total += 1 / Math.pow(i + 3, taste.popularity);
  const sampleItem = (): number => {
    const x = uniform() * total;
    let lo = 0;
    let hi = nI - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const n = perUser.reduce((a, b) => a + b, 0);
  const usersArr = new Int32Array(n);
  const itemsArr = new Int32Array(n);
  const ratingsArr = new Float32Array(n);
  const seenBy = new Int32Array(nI).fill(-1);
  let k = 0;
  for (let u = 0; u < nU; u++) {
    let need = perUser[u];
    let tries = 0;
    while (need > 0) {
      const i = tries++ < 50 * perUser[u] ? sampleItem() : Math.floor(uniform() * nI);
      if (seenBy[i] === u) continue;
      seenBy[i] = u;
      let dot = 0;
      for (let f = 0; f < FACTORS; f++) dot += userF[u * FACTORS + f] * itemF[i * FACTORS + f];
      const score = 3.45 + userBias[u] + itemBias[i] + taste.interaction * dot + taste.noise * normal();
      usersArr[k] = u;
      itemsArr[k] = i;
      ratingsArr[k] = Math.min(5, Math.max(1, Math.round(score)));
      k++;
      need--;
    }
  }
  return {
    format: 'Built-in demo (generated, MovieLens 100K-shaped)',
    source: 'demo',
    numUsers: nU,
    numItems: nI,
    userIds: Int32Array.from({ length: nU }, (_, u) => u + 1),
    itemIds: Int32Array.from({ length: nI }, (_, i) => i + 1),
    ratings: { users: usersArr, items: itemsArr, ratings: ratingsArr },
    ratingMin: 1,
    ratingMax: 5,
    titles: Array.from({ length: nI }, (_, i) => `Demo Movie ${i + 1} (${1950 + ((i * 37) % 48)})`),
  };
}

/** The dataset as MovieLens 100K `u.data` text: `user\titem\trating\ttimestamp` lines. */
export function toUDataText(d: Dataset): string {
  const { users, items, ratings } = d.ratings;
  const lines = new Array<string>(ratings.length);
  for (let k = 0; k < ratings.length; k++) {
    lines[k] = `${d.userIds[users[k]]}\t${d.itemIds[items[k]]}\t${ratings[k]}\t${881250949 + k}`;
  }
  return lines.join('\n') + '\n';
}
