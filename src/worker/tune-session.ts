import type { Dataset, Split } from '../data/types';
import type { BackendInfo, TrainConfig } from '../config/config';
import { TuneData } from '../tune/tune-data';
import type { TuneOptions } from '../config/tune-options';
import { recipeOf } from '../config/tune-recipe';
import { parseSpace, searchedKeys, type SpaceJson, type Tunable } from '../config/tune-space';
import { Tuner } from '../tune/tuner';
import type { TuneEvent } from './messages';

/**
 * A search in the worker: the data made once (TuneData), a Tuner, and its events as 'tune' messages. The
 * space arrives as JSON and goes through the one space validator; a bad one is an error the panel shows.
 * With a recipe (its key), the recipe's members are trained instead of a search.
 */
export function startTune(
  dataset: Dataset,
  base: TrainConfig,
  spaceJson: SpaceJson,
  options: TuneOptions,
  opts: { split?: Split; backend: BackendInfo; recipe?: string },
  post: (e: TuneEvent) => void,
  ended: () => void,
): Tuner {
  const parsed = parseSpace(spaceJson);
  if (!parsed.ok) throw new Error(`Bad search space: ${parsed.errors.join('; ')}.`);
  const recipe = opts.recipe === undefined ? undefined : recipeOf(opts.recipe);
  if (recipe && !recipe.ok) throw new Error(`Bad recipe: ${recipe.errors.join('; ')}.`);
  const data = new TuneData(dataset, base, { split: opts.split, backend: opts.backend.name, maxBufferBytes: opts.backend.maxBufferBytes });
  const tuner = new Tuner(data, base, recipe?.value ?? parsed.value, options, {
    refitEpoch: (id, epoch, epochs) => post({ kind: 'refitEpoch', id, epoch, epochs }),
    trialStart: (id, config, values) => post({ kind: 'trialStart', id, config, values }),
    epoch: (id, stats) => post({ kind: 'epoch', id, stats }),
    trialEnd: (trial) => post({ kind: 'trialEnd', trial }),
    state: (state) => post({ kind: 'state', state }),
    result: (result) => post({ kind: 'result', result }),
    error: (err) => post({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
  });
  const h = data.holdout;
  // a recipe's members differ in these (the leaderboard's columns)
  const shown: Tunable[] = recipe ? ['variant', 'kernelDim', 'extraLayers', 'l2'] : searchedKeys(parsed.value);
  post({ kind: 'started', searched: shown, rungs: recipe ? [] : tuner.rungs.map((r) => r.epoch), trainRatings: h.train.ratings.length, validRatings: h.valid.ratings.length, testRatings: h.test.ratings.length, compute: data.compute });
  void tuner.done.then(ended);
  tuner.play();
  return tuner;
}
