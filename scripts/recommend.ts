// Recommendations from a saved model file (the app's "Save model", or `npm run train -- --save`), without the
// ratings file: one user's top list (the same code as the app's Recommend), or every user's top-N as CSV,
// computed in blocks of users.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { basename } from 'node:path';
import { useBackend } from '../src/compute/backend';
import type { BackendName } from '../src/config/config';
import { topNForAllUsers } from '../src/serve/recommend';
import { recommendNamed } from '../src/serve/recommend-named';
import { openFile } from '../src/serve/saved-model';
import { shownScore } from '../src/data/ranking';
import { TOP_N_CSV_HEADER, topNCsvRows } from '../src/serve/top-n-csv';
import { fail, parseArgs, refuseUnknown } from './lib/args';
import { knownFlags } from './lib/command';
import { RECOMMEND } from './lib/commands/recommend';
import { helpText } from './lib/help';
import { readModel } from './lib/model-io';
import type { SavedFile } from '../src/serve/model-file';
import { describeModel } from '../src/config/tune-report';

const USAGE = helpText(RECOMMEND);

const { positional, flags } = parseArgs(process.argv.slice(2));
if (positional.length !== 1 || flags.has('help')) fail(USAGE);
refuseUnknown(flags, knownFlags(RECOMMEND), USAGE);
if (flags.has('all') === flags.has('user')) fail(`give --user <raw id> or --all\n${USAGE}`);
const whole = (name: string, fallback?: number, least = 0): number | undefined => {
  const v = flags.get(name);
  if (v === undefined) return fallback;
  const x = Number(v);
  return Number.isInteger(x) && x >= least ? x : fail(`--${name} must be a whole number of at least ${least}, not ${v}`);
};
const n = whole('n', 10, 1)!;
const minRatings = whole('min-ratings');
const backendName = flags.get('backend') ?? 'wasm';
if (backendName !== 'wasm' && backendName !== 'cpu') fail(`--backend must be wasm or cpu, not ${backendName}`);
const json = flags.has('json');

const path = positional[0];
const saved = await readModel(path);
const backend = await useBackend(backendName as BackendName);
const m = await openFile(saved, backend.name, basename(path)).catch((e: unknown) => fail(`${path}: ${e instanceof Error ? e.message : String(e)}`));

if (flags.has('user')) {
  const user = whole('user')!;
  const r = await recommendNamed(m.served, m.split, m.dataset, user, n, minRatings);
  if (!r.ok) fail(r.error);
  const res = r.result;
  // clipped as the app shows it, the unclipped score beside it where it is off the scale
  const shown = (s: number) => `${shownScore(s, res.ratingMin, res.ratingMax)}${s > res.ratingMax || s < res.ratingMin ? ` (${s.toFixed(3)})` : ''}`.padEnd(5);
  if (json) process.stdout.write(`${JSON.stringify(res)}\n`);
  else {
    const lines = [
      `${basename(path)}: ${describeFile(saved)} on ${saved.dataset.source}`,
      `Top ${res.top.length} unseen for user ${res.user} (items with at least ${res.minRatings} training ratings; ranked by the unclipped prediction, shown clipped to ${res.ratingMin}-${res.ratingMax}, "+" above the top):`,
      ...res.top.map(
        (r, k) =>
          `${String(k + 1).padStart(3)}. ${shown(r.score)}  ${r.title} (item ${r.item}, ${r.trainRatings} ratings)${r.actual !== undefined ? `  held out: rated ${r.actual}` : ''}` +
          (r.because?.length ? `\n       because you liked ${r.because.map((b) => `${b.title} (${b.rating})`).join(', ')}` : ''),
      ),
      `User ${res.user}'s held-out ratings: ${res.heldOut.length === 0 ? 'none' : ''}`,
      ...res.heldOut.map((r) => `     rated ${r.actual}, predicted ${shown(r.score)}  ${r.title} (item ${r.item})`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
} else {
  const out = flags.get('out') ?? fail(`--all needs --out <file.csv>\n${USAGE}`);
  const started = performance.now();
  const file = createWriteStream(out);
  file.write(TOP_N_CSV_HEADER);
  const rssBefore = process.memoryUsage.rss(); // the opened model, its data and the backend
  let peakRss = rssBefore;
  let rows = 0;
  let lastShown = 0;
  for await (const block of topNForAllUsers(m.served, m.split, { n, minRatings, blockFloats: whole('block-floats', undefined, 1) })) {
    const text = topNCsvRows(block, m.dataset);
    rows += block.users.length;
    if (!file.write(text)) await once(file, 'drain');
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const now = performance.now();
    if (!json && (now - lastShown > 500 || block.done === block.total)) {
      lastShown = now;
      process.stderr.write(`\r${block.done}/${block.total} users (${Math.round((100 * block.done) / block.total)}%)`);
    }
  }
  file.end();
  await once(file, 'finish');
  if (!json) process.stderr.write('\n');
  const ms = Math.round(performance.now() - started);
  const summary = { all: true, file: out, users: rows, n, ms, rssBeforeBytes: rssBefore, peakRssBytes: peakRss, backend: backend.name, usersTimesItems: m.dataset.numUsers * m.dataset.numItems };
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  process.stdout.write(
    json
      ? `${JSON.stringify(summary)}\n`
      : `wrote ${out}: top ${n} for ${rows} users in ${(ms / 1000).toFixed(1)} s; RSS ${mb(rssBefore)} with the model open, peak ${mb(peakRss)} during the export (${backend.name})\n`,
  );
}
m.dispose();

/** What the file holds, in a line: a network and its kept epoch, or Tune's blend and its members. */
function describeFile(f: SavedFile): string {
  const test = (x: number) => (Number.isFinite(x) ? ` (test RMSE ${x.toFixed(4)})` : '');
  if (f.kind === 'codes') return `${f.about}${test(f.testRmse)}, saved without its ratings`;
  if (f.kind === 'network') return `${f.config.variant}-AutoRec, kept epoch ${f.state.selected.epoch}${test(f.state.selected.testRmse)}`;
  return `Tune's result: ${describeModel(f.result)}${test(f.result.testRmse)}`;
}
