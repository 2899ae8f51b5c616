import type { Dataset, Split } from '../data/types';
import type { BackendChoice, BackendInfo, TrainConfig } from '../config/config';
import { TuneData } from '../tune/tune-data';
import type { TuneOptions } from '../config/tune-options';
import { recipeOf } from '../config/tune-recipe';
import { parseSpace, searchedKeys, type SpaceJson, type Tunable } from '../config/tune-space';
import { Tuner } from '../tune/tuner';
import { threadsOf, type WorkerBackend } from './backend';
import type { LoadedData } from './dataset';
import { errorText } from './error-text';
import type { FromWorker, TuneEvent, TuneResult } from './messages';
import { blendInfo } from './blend-info';
import type { Training } from './run';
import type { SetupGate } from './setup-gate';
import { keptBlend } from './kept-blend';
import type { Serving } from './serving';
import type { ModelViews } from './views';

/**
 * A search in the worker: Tune stops any run, then searches (or trains a recipe's members) on the loaded data
 * (the split of its base settings), one trial after another; Pause, Resume and Stop go to the search.
 */
export class Tuning {
  private tuner?: Tuner;

  constructor(
    private readonly post: (msg: FromWorker) => void,
    private readonly parts: { data: LoadedData; backend: WorkerBackend; gate: SetupGate; training: Training; serving: Serving; views: ModelViews },
  ) {}

  async tune(base: TrainConfig, space: SpaceJson, options: TuneOptions, preferred: BackendChoice, recipe?: string): Promise<void> {
    const { data, backend, gate, training } = this.parts;
    if (gate.busy || !data.dataset || this.tuner) return;
    gate.busy = true;
    try {
      await training.end();
      const dataset = data.dataset;
      const split = data.chosenSplit(dataset, base);
      const b = await backend.ensure(preferred, undefined, false, threadsOf(base));
      await backend.useThreads(threadsOf(base));
      const tuner = startTune(dataset, base, space, options, { split, backend: b, recipe }, (event) => this.post({ type: 'tune', event }), () => {
        if (this.tuner === tuner) this.tuner = undefined;
      }, (tuneData, result) => {
        // the result is the model now (recommendations, the item map, Save), while its data is the loaded data
        const found = tuner.found;
        if (!found || data.dataset !== dataset) return;
        try {
          const kept = keptBlend(tuneData, base, found, result);
          this.parts.serving.keep(kept);
          this.post({ type: 'blendKept', blend: blendInfo(kept.blend!) });
          void this.parts.views.show(kept.served.networks[0], dataset);
        } catch (err) {
          // the result stands; only keeping it as the model failed (its networks did not fit beside what is loaded)
          this.post({ type: 'tune', event: { kind: 'error', message: `The result could not be kept as the model: ${errorText(err)}` } });
        }
      });
      this.tuner = tuner;
    } catch (err) {
      this.post({ type: 'tune', event: { kind: 'error', message: errorText(err) } });
      this.post({ type: 'tune', event: { kind: 'state', state: 'stopped' } });
    } finally {
      gate.busy = false;
    }
  }

  control(action: 'pause' | 'resume' | 'stop'): void {
    if (action === 'pause') this.tuner?.pause();
    else if (action === 'resume') this.tuner?.play();
    else this.tuner?.stop();
  }

  /** New data: the search ends (it still reports on the data it searched). */
  stop(): void {
    this.tuner?.stop();
  }

  /** Stops a search in progress, if any, and waits until it has ended. */
  async end(): Promise<void> {
    const t = this.tuner;
    if (!t) return;
    t.stop();
    await t.done;
  }
}

/**
 * A search started: the data made once (TuneData), a Tuner, and its events as 'tune' messages. The space
 * arrives as JSON and goes through the one space validator; a bad one is an error the panel shows. With a
 * recipe (its key), the recipe's members are trained instead of a search.
 */
function startTune(
  dataset: Dataset,
  base: TrainConfig,
  spaceJson: SpaceJson,
  options: TuneOptions,
  opts: { split?: Split; backend: BackendInfo; recipe?: string },
  post: (e: TuneEvent) => void,
  ended: () => void,
  finished: (data: TuneData, result: TuneResult) => void,
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
    result: (result) => {
      post({ kind: 'result', result });
      finished(data, result);
    },
    error: (err) => post({ kind: 'error', message: errorText(err) }),
  });
  const h = data.holdout;
  // a recipe's members differ in these (the leaderboard's columns)
  const shown: Tunable[] = recipe ? ['variant', 'kernelDim', 'extraLayers', 'l2'] : searchedKeys(parsed.value);
  post({ kind: 'started', searched: shown, rungs: recipe ? [] : tuner.rungs.map((r) => r.epoch), trainRatings: h.train.ratings.length, validRatings: h.valid.ratings.length, testRatings: h.test.ratings.length, compute: data.compute });
  void tuner.done.then(ended);
  tuner.play();
  return tuner;
}
