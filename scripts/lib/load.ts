import { existsSync, openAsBlob } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readFiles } from '../../src/data/read/files';
import { untrainable } from '../../src/data/holdout';
import { joinTestSet } from '../../src/data/join';
import { parseRatingsFile } from '../../src/data/read/parse';
import type { Dataset, Split } from '../../src/data/types';
import { fail } from './args';

/**
 * Parses a ratings file or archive with the app's parser; exits with the line and reason when it is bad.
 * Ratings outside the scale of the rest are named on stderr, line by line, as the page's data summary names them.
 */
export async function loadDataset(path: string, withTitles = true): Promise<Dataset> {
  const beside = withTitles ? titlesBeside(path) : undefined;
  const result = beside
    ? await readFiles([{ name: basename(path), blob: await openAsBlob(path) }, { name: basename(beside), blob: await openAsBlob(beside) }], undefined).then((r) => (r.ok ? { ok: true as const, value: r.value.dataset } : r))
    : await parseRatingsFile(await openAsBlob(path), basename(path));
  if (!result.ok) {
    const { line, message } = result.error;
    return fail(`${path}${line ? `:${line}` : ''}: ${message}`);
  }
  const odd = result.value.offScale;
  if (odd) {
    for (const { line, message } of odd.shown) console.error(`${path}:${line}: ${message}`);
    if (odd.count > odd.shown.length) console.error(`${path}: and ${odd.count - odd.shown.length} more ratings outside the scale (${odd.leftOut ? 'left out' : 'kept'})`);
  }
  return result.value;
}

/**
 * The titles file GroupLens ships beside a ratings file (ML-100K's u.item beside u.data or its u1..u5/ua/ub
 * splits, movies.csv beside ratings.csv, movies.dat beside ratings.dat), when it is there: read with it, as
 * the page reads the two dropped together, so that recommendations are named.
 */
function titlesBeside(path: string): string | undefined {
  const name = basename(path);
  const titles = /^u(\d|a|b)?\.(data|base|test)$/.test(name) ? 'u.item' : name === 'ratings.csv' ? 'movies.csv' : name === 'ratings.dat' ? 'movies.dat' : undefined;
  const at = titles && join(dirname(path), titles);
  return at && existsSync(at) ? at : undefined;
}

/**
 * The ratings of a command's run and the test set it names: a second file (`testPath`, its ids joined to
 * the ratings'), a preset split of the archive (`split`), or none (a seeded split is drawn later). Exits with
 * the reason when the data cannot be trained or the split does not exist.
 */
export async function loadForRun(path: string, testPath: string | undefined, split: string): Promise<{ dataset: Dataset; split?: Split }> {
  const dataset = await loadDataset(path, !testPath);
  const refused = untrainable(dataset);
  if (refused) fail(refused);
  if (testPath) {
    const joined = joinTestSet(dataset, await loadDataset(testPath, false));
    // titles after the join, as the page attaches them to loaded data: the test set's own items are named too
    const beside = titlesBeside(path);
    const titled = beside ? await readFiles([{ name: basename(beside), blob: await openAsBlob(beside) }], joined.dataset) : undefined;
    const d = titled?.ok ? titled.value.dataset : joined.dataset;
    return { dataset: d, split: { train: d.ratings, test: joined.test } };
  }
  if (split === 'random') return { dataset };
  return { dataset, split: dataset.presetSplits?.find((s) => s.name === split) ?? fail(`${path} has no "${split}" split`) };
}
