import { PRESETS } from '../../../src/config/presets';
import { D2L_DEFAULTS, SETTINGS } from '../../../src/config/settings';
import type { Command } from '../command';
import { SHAPES } from '../shapes';

/** `npm run train` (scripts/train.ts). */
export const TRAIN: Command = {
  name: 'train',
  about:
    "Trains on a ratings file in Node (tfjs wasm or cpu) with the app's own code: one line per epoch (train loss and RMSE, validation and test RMSE, and with --rank-epochs test NDCG@10), then a summary with the kept model's precision, recall and NDCG at 10 on the test ratings beside the most popular items' (docs/models.md#ranking-at-10). A bad setting or data that cannot train exits with status 2 and one line per reason.",
  usage: [
    '<ratings file or GroupLens zip | --shape NAME> [--test <file> | --split u1..u5|ua|ub] [--preset NAME] [--backend wasm|cpu] [--json] [--rank-epochs] [--save model.zip [--no-ratings]] [settings]',
    '--resume model.zip [--epochs N more] [--lr X] [--patience N] [--save model.zip] [--no-training-state] [--backend wasm|cpu] [--json] [--rank-epochs]',
  ],
  flags: [
    { name: 'test', value: '<file>', help: "a second ratings file as the test set (its ids joined to the ratings'; pairs also in training leave training)" },
    { name: 'shape', value: Object.keys(SHAPES).join('|'), help: 'a generated MovieLens-shaped file of that size (made once in the temp dir) instead of a ratings file' },
    { name: 'preset', value: Object.keys(PRESETS).join('|'), help: 'the settings the setting flags go over (default d2l)' },
    { name: 'backend', value: 'wasm|cpu', help: 'the tfjs backend (default wasm). In Node, wasm runs on one thread; cpu takes the default model\'s fused step in the same kernels on every core (the same numbers), tfjs\'s JavaScript ops otherwise' },
    { name: 'json', help: 'one JSON line per event instead of text' },
    {
      name: 'rank-epochs',
      help: "measures the test precision, recall and NDCG at 10 every epoch, on the ranking users of the setup line (the page does while its chart shows NDCG@10; a GEMM of those users' scores over every item each epoch). Without it, the kept model's at the end",
    },
    { name: 'save', value: 'model.zip', help: 'writes the kept model, its data and its training state (the app\'s "Save model" file)' },
    {
      name: 'no-training-state',
      help: 'with --save: leaves out the current weights and optimizer state (a third of the size with Adam: it recommends the same, and continues from the kept weights with a fresh optimizer)',
    },
    {
      name: 'no-ratings',
      help: "with --save: leaves every rating out (the app's \"Leave the ratings out\"): each network's hidden codes and decoder, and which items each user rated, recommend the same; the file cannot be trained further and shows no held-out ratings",
    },
    {
      name: 'resume',
      value: 'model.zip',
      help: "continues a saved model where it stopped (optimizer state included), --epochs N more epochs (default: its own epoch setting); its settings and sets are the file's",
    },
  ],
  settings: { defaults: D2L_DEFAULTS, about: "settings (over the --preset's; the defaults shown are d2l's)" },
  notes: ['--test and --split are two ways to choose the test set: give one.'],
};

/** What a resumed run (`--resume`) takes: the file has the rest. */
export const RESUME_FLAGS: readonly string[] = ['resume', 'save', 'no-training-state', 'no-ratings', 'backend', 'json', 'rank-epochs', 'help', SETTINGS.epochs.flag, SETTINGS.learningRate.flag, SETTINGS.patience.flag];
