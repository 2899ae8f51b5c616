import { generateDemo } from '../data/demo';
import type { Dataset } from '../data/types';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';

/** A small model that trains in a blink on the cpu backend: what the serve tests train and save. */
export const SMALL_CONFIG: TrainConfig = { ...D2L_DEFAULTS, hidden: 12, batchSize: 16, epochs: 4, learningRate: 0.01 };

/** A small demo dataset (50 users × 36 items) with titles ("Film <id>"), made afresh each call. */
export function titledDemo(): Dataset {
  const d = generateDemo({ users: 50, items: 36, ratings: 700, seed: 5 });
  return { ...d, titles: Array.from({ length: d.numItems }, (_, i) => `Film ${d.itemIds[i]}`) };
}
