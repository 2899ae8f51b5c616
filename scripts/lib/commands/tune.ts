import { PRESETS } from '../../../src/config/presets';
import { RECIPE_KEYS } from '../../../src/config/tune-recipe';
import { DEFAULT_SPACE_JSON } from '../../../src/config/tune-space';
import type { Command } from '../command';

/** `npm run tune` (scripts/tune.ts). */
export const TUNE: Command = {
  name: 'tune',
  about:
    "Searches settings with the app's search (src/tune: quasi-random draws, ASHA, early stopping on validation) in Node (tfjs wasm or cpu): one line per trial, then the chosen model. The search picks settings on the validation split; the test set is evaluated once, at the end, for the chosen model (RMSE, MAE, and precision, recall and NDCG at 10 beside the most popular items'). Ctrl-C stops searching and still evaluates what was found.",
  usage: [`<ratings file or GroupLens zip> [--test <file> | --split u1..u5|ua|ub] [--budget-min N | --trials N] [--space <json file> | --recipe ${RECIPE_KEYS.join('|')}] [--refit] [--save blend.zip [--no-ratings]] [--json] [--backend wasm|cpu] [search options] [settings]`],
  flags: [
    { name: 'test', value: '<file>', help: "a second ratings file as the test set (its ids joined to the ratings')" },
    {
      name: 'space',
      value: '<json file>',
      help: `what to search, e.g. {"l2": [0.01, 100, "log"], "hidden": [300, 1000, "log"], "encoder": ["sigmoid", "elu"]}: what it leaves out keeps the base settings' value. Default: ${JSON.stringify(DEFAULT_SPACE_JSON)}`,
    },
    {
      name: 'recipe',
      value: RECIPE_KEYS.join('|'),
      help: 'instead of a search, the AutoRec+ blend: its members (AutoRec+, I- and U-AutoRec) trained one after another, each stopped early on validation, the validation split choosing how to blend them; its budget is its members',
    },
    {
      name: 'save',
      value: 'blend.zip',
      help: "writes the reported model as one model file (the app's Save model after a search): every member's weights, the blend, the data and its sets; `npm run recommend` reads it",
    },
    {
      name: 'no-ratings',
      help: "with --save: leaves every rating out (the app's \"Leave the ratings out\"): each network's hidden codes and decoder, and which items each user rated, recommend the same; the file cannot be trained further and shows no held-out ratings",
    },
    { name: 'backend', value: 'wasm|cpu', help: 'the tfjs backend (default wasm). In Node, wasm runs on one thread; cpu takes the default model\'s fused step in the same kernels on every core (the same numbers), tfjs\'s JavaScript ops otherwise' },
    { name: 'json', help: 'one JSON line per event instead of text' },
  ],
  tuneOptions: 'search options (--budget-min and --trials: whichever comes first; --trials alone: no time limit)',
  settings: { defaults: PRESETS.d2l.config, about: 'settings (the base settings, what the space does not search: over the d2l preset)' },
  notes: ['--test and --split are two ways to choose the test set: give one; --space and --recipe are two plans: give one.'],
};
