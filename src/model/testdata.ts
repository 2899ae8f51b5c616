import { generateDemo } from '../data/demo';
import { prepare } from '../data/prepare';
import { randomSplit } from '../data/split';
import type { Variant } from './config';
import type { TrainData } from './trainer';

/** A tiny generated dataset ready for the trainer, for unit tests. */
export function tinyTrainData(variant: Variant = 'I', users = 60, items = 40, ratings = 900): TrainData {
  const d = generateDemo({ users, items, ratings, seed: 3 });
  const split = randomSplit(d.ratings, 0.1, 1);
  return { ...prepare(split, d.numUsers, d.numItems, variant === 'I'), ratingMin: 1, ratingMax: 5 };
}
