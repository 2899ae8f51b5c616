import type { Command } from '../command';

/** `npm run recommend` (scripts/recommend.ts). */
export const RECOMMEND: Command = {
  name: 'recommend',
  about: 'Recommendations from a saved model file (the app\'s "Save model", or npm run train -- --save), without the ratings file: one user\'s top list (the same code as the app\'s Recommend), or every user\'s top-n as CSV.',
  usage: ['<model.zip> --user <raw id> [--n 10] [--min-ratings N] [--json] [--backend wasm|cpu]', '<model.zip> --all --out top.csv [--n 10] [--min-ratings N] [--block-floats N] [--json]'],
  flags: [
    { name: 'user', value: '<raw id>', help: "one user's top-n unseen items and held-out ratings, as the app shows them" },
    { name: 'all', help: "every user's top-n as CSV (user,rank,item,title,predicted,score: predicted clipped to the scale, score the unclipped prediction it is ranked by), computed in blocks of users" },
    { name: 'out', value: '<file.csv>', help: 'with --all: the CSV file' },
    { name: 'n', value: 'N', help: 'items per user (default 10)' },
    { name: 'min-ratings', value: 'N', help: "items with fewer training ratings are not recommended (default: the app's default for the data)" },
    { name: 'block-floats', value: 'N', help: 'with --all: most predictions held at once (default 4194304)' },
    { name: 'backend', value: 'wasm|cpu', help: 'the tfjs backend (default wasm)' },
    { name: 'json', help: 'JSON instead of text' },
  ],
};
