import { BINARY_MESSAGE, firstNonSpace, isJsonStart, isUtf16, JSON_MESSAGE, UTF16_MESSAGE } from './binary';
import { detectLayout, type Layout } from './formats';
import { IdMap } from '../ids';
import { joinTestSet, type JoinedTestSet } from '../join';
import { blobChunks, isZip, parseRatingsFile, readRatingsText, refuseByMagic } from './parse';
import type { ParseOptions } from './parse-progress';
import { RatingsBuilder } from './parse-builder';
import { finishDataset } from './parse-finish';
import { parseGenres, withGenres } from './genres';
import { detectTitles, named, parseTitles, type TitlesLayout } from './titles';
import type { Dataset, ParseError, PresetSplit, Result } from '../types';
import { baseName, memberRole, SPLIT_NAMES } from './zip-members';

// Several files dropped (or chosen) at once: each is recognised by its content, never its name, as an
// archive, ratings, titles or neither; then the rule below says what each one is taken as. Names only
// settle which of two ratings files is the test set, and pair ML-100K's u1.base/u1.test splits.

/** Bytes read from the start of each file to recognise it. */
export const HEAD_BYTES = 1 << 16;
const SAMPLE_LINES = 20;

export type Recognised =
  | { kind: 'archive' }
  | { kind: 'ratings'; format: string }
  | { kind: 'titles'; layout: TitlesLayout }
  | { kind: 'other'; reason: string };

/**
 * What a file is, from its first bytes (`complete`: they are the whole file). Ratings: a header with
 * user, item and rating columns, or lines whose user, item and rating fields are numbers (ratings.dat's
 * `1::1193::5::978300760`, not users.dat's `1::F::1::10::48067`). Titles: see detectTitles.
 */
export function recognise(head: Uint8Array, complete = true): Recognised {
  const other = (reason: string): Recognised => ({ kind: 'other', reason });
  if (isZip(head)) return { kind: 'archive' };
  const magic = refuseByMagic(head);
  if (magic) return other(magic);
  if (head.subarray(0, 4096).includes(0)) return other(isUtf16(head) ? UTF16_MESSAGE : BINARY_MESSAGE);
  const start = firstNonSpace(head);
  if (start < 0) return other('the file is empty');
  if (isJsonStart(start)) return other(JSON_MESSAGE);
  const lines = new TextDecoder().decode(head).replace(/^\ufeff/, '').split('\n');
  if (!complete) lines.pop(); // cut short by HEAD_BYTES
  const sample = lines
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
    .slice(0, SAMPLE_LINES);
  if (sample.length === 0) return other(`no line break in the first ${HEAD_BYTES >> 10} KB: not a text file`);
  const layout = detectLayout(sample[0]);
  if (layout.ok && (layout.layout.hasHeader || numericRows(sample.slice(0, 5), layout.layout))) return { kind: 'ratings', format: layout.layout.format };
  const titles = detectTitles(sample);
  if (titles) return { kind: 'titles', layout: titles };
  return other(layout.ok ? 'its lines do not hold whole-number user and item ids and a numeric rating' : layout.reason);
}

const ID = /^\s*"?\d+"?\s*$/;
const RATING = /^\s*"?\d+([.,]\d+)?"?\s*$/;

/** Headerless lines whose user and item fields are whole numbers and rating field a number. */
function numericRows(lines: string[], L: Layout): boolean {
  const sep = L.double ? '::' : String.fromCharCode(L.delimiter);
  return lines.every((line) => {
    const f = line.split(sep);
    return f.length >= L.minFields && ID.test(f[L.user]) && ID.test(f[L.item]) && RATING.test(f[L.rating]);
  });
}

/** A name that says "test": u1.test, test.csv, ratings_test.tsv (not "latest"). */
export const namedTest = (name: string) => /(^|[^a-z])test([^a-z]|$)/i.test(baseName(name));

export interface Dropped {
  readonly name: string;
  readonly what: Recognised;
}

/** What each file (by index) is taken as. */
export interface Plan {
  /** The ratings: an archive or a text file. Undefined when only titles were dropped. */
  ratings?: number;
  /** A second ratings file. */
  second?: number;
  /**
   * Which of `ratings` and `second` is the test set: 'name' when exactly one of them is named as a
   * test file (then it is `second`), 'size' otherwise: the one with fewer ratings.
   */
  testBy?: 'name' | 'size';
  /** ML-100K's base/test pairs beside the ratings file (u.data), as in the zip. */
  splits: { name: string; base: number; test: number }[];
  titles?: number;
  /** Titles files after the first: not used. */
  extraTitles: number[];
  /** Neither ratings nor titles. */
  ignored: number[];
}

/**
 * The rule for several files at once:
 * - an archive is read on its own (with its titles and splits): nothing else but ignored files may come with it;
 * - one ratings file is the ratings; ML-100K split pairs (u1.base + u1.test … ub) beside it are its splits;
 * - of two ratings files, the test set is the one named as a test file (u1.test, test.csv) when exactly
 *   one is; otherwise the one with fewer ratings, provided most of its ratings are by users and of items of
 *   the other (checked once both are read); more than two are refused;
 * - the first titles file gives titles; without ratings it attaches them to the data already loaded;
 * - files that are neither are ignored and listed (the error lists why, when nothing usable is left).
 */
export function planFiles(files: readonly Dropped[]): Result<Plan, string> {
  const of = (kind: Recognised['kind']) => files.flatMap((f, k) => (f.what.kind === kind ? [k] : []));
  const list = (ks: number[]) => ks.map((k) => files[k].name).join(', ');
  const archives = of('archive');
  const ratings = of('ratings');
  const titles = of('titles');
  const ignored = of('other');
  const plan: Plan = { splits: [], extraTitles: titles.slice(1), ignored, titles: titles[0] };
  if (archives.length > 0) {
    const others = [...archives.slice(1), ...ratings, ...titles].sort((a, b) => a - b);
    if (others.length > 0) return { ok: false, error: `${files[archives[0]].name} is an archive, read on its own with its titles and splits: drop it alone, not with ${list(others)}` };
    return { ok: true, value: { ...plan, titles: undefined, extraTitles: [], ratings: archives[0] } };
  }
  let rest = ratings;
  const mains = ratings.filter((k) => memberRole(files[k].name)?.role !== 'split');
  if (mains.length === 1) {
    for (const name of SPLIT_NAMES) {
      const base = ratings.find((k) => baseName(files[k].name) === `${name}.base`);
      const test = ratings.find((k) => baseName(files[k].name) === `${name}.test`);
      if (base === undefined || test === undefined) continue;
      plan.splits.push({ name, base, test });
      rest = rest.filter((k) => k !== base && k !== test);
    }
  }
  if (rest.length > 2) {
    return { ok: false, error: `${rest.length} ratings files (${list(rest)}): drop one, with at most one test file (named as one, e.g. u1.test, or the smaller) and one titles file` };
  }
  if (rest.length === 0) {
    if (titles.length > 0) return { ok: true, value: plan };
    const why = ignored.map((k) => `${files[k].name}: ${(files[k].what as { reason: string }).reason}`).join('; ');
    return { ok: false, error: `none of these files holds ratings or titles (${why})` };
  }
  if (rest.length === 1) return { ok: true, value: { ...plan, ratings: rest[0] } };
  const tests = rest.filter((k) => namedTest(files[k].name));
  if (tests.length === 1) return { ok: true, value: { ...plan, ratings: rest.find((k) => k !== tests[0]), second: tests[0], testBy: 'name' } };
  return { ok: true, value: { ...plan, ratings: rest[0], second: rest[1], testBy: 'size' } };
}

export interface DroppedFile {
  readonly name: string;
  readonly blob: Blob;
}

export interface FilesRead {
  dataset: Dataset;
  /** A second ratings file taken as the test set, its ids joined to the dataset's. */
  test?: JoinedTestSet & { source: string };
  /** Only titles were dropped: `dataset` is the loaded one with them attached. */
  titlesOnly?: boolean;
}

/** Share of the smaller file's ratings whose user and item the larger one has, for it to be taken as the test set. */
export const TEST_SHARED_SHARE = 0.5;

/**
 * Reads files dropped together by the rule of planFiles. One file alone is read as before (a ratings
 * file or an archive, with the parser's line-numbered errors), unless it is a titles file: then its
 * titles are attached to `loaded`. Notes say what was taken as what.
 */
export async function readFiles(files: readonly DroppedFile[], loaded: Dataset | undefined, opts: ParseOptions = {}): Promise<Result<FilesRead>> {
  const fail = (message: string, source?: string): Result<FilesRead> => ({ ok: false, error: { message, ...(source && { source }) } });
  if (files.length === 0) return fail('no file was given');
  let dropped: Dropped[];
  try {
    dropped = await Promise.all(
      files.map(async (f) => ({ name: f.name, what: recognise(new Uint8Array(await f.blob.slice(0, HEAD_BYTES).arrayBuffer()), f.blob.size <= HEAD_BYTES) })),
    );
  } catch (e) {
    return fail(`could not read the file: ${e instanceof Error ? e.message : String(e)}`, files.length === 1 ? files[0].name : undefined);
  }
  if (files.length === 1 && dropped[0].what.kind !== 'titles') {
    const r = await parseRatingsFile(files[0].blob, files[0].name, opts);
    return r.ok ? { ok: true, value: { dataset: r.value } } : r;
  }
  const planned = planFiles(dropped);
  if (!planned.ok) return fail(planned.error);
  const plan = planned.value;
  const name = (k: number) => files[k].name;
  const notes: string[] = [];
  const titlesOf = (k: number) => (dropped[k].what as { layout: TitlesLayout }).layout;

  if (plan.ratings === undefined) {
    const t = plan.titles!;
    if (!loaded) {
      const why = plan.ignored.map((k) => `${name(k)}: ${(dropped[k].what as { reason: string }).reason}`).join('; ');
      return fail(`${name(t)} holds movie titles, not ratings: drop it together with a ratings file, or after one${why && ` (not ratings: ${why})`}`, name(t));
    }
    const dataset = await withTitles(loaded, files[t], titlesOf(t));
    return { ok: true, value: { dataset: noted(dataset, ignoredNotes(plan, name)), titlesOnly: true } };
  }

  const main = plan.splits.length > 0 ? await readWithSplits(files[plan.ratings], plan.splits.map((s) => ({ name: s.name, base: files[s.base], test: files[s.test] })), opts) : await parseRatingsFile(files[plan.ratings].blob, name(plan.ratings), opts);
  if (!main.ok) return main;
  let dataset = main.value;
  let test: FilesRead['test'];
  if (plan.splits.length > 0) {
    const pairs = plan.splits.map((s) => `${name(s.base)} + ${name(s.test)}`).join(', ');
    notes.push(`${pairs}: the ready-made split${plan.splits.length > 1 ? 's' : ''} ${plan.splits.map((s) => s.name).join(', ')} of ${name(plan.ratings)} (Split menu)`);
  }
  if (plan.second !== undefined) {
    const second = await parseRatingsFile(files[plan.second].blob, name(plan.second), opts);
    if (!second.ok) return second;
    let [base, held] = [dataset, second.value];
    let why = 'named as a test file';
    if (plan.testBy === 'size') {
      const [a, b] = [dataset.ratings.ratings.length, held.ratings.ratings.length];
      if (a === b) return fail(`${name(plan.ratings)} and ${name(plan.second)} hold as many ratings (${a}): cannot tell which is the test set; name one *.test, or drop them one at a time`);
      if (a < b) [base, held] = [held, base];
      if (held.presetSplits) return fail(`${held.source}, which has splits beside it, holds fewer ratings than ${base.source}: drop them one at a time`);
      const share = sharedShare(base, held);
      if (share < TEST_SHARED_SHARE) {
        return fail(
          `${base.source} and ${held.source} share few users and items (${Math.round(share * 100)}% of ${held.source}'s ratings): they do not look like ratings and their test set; drop one at a time, or name the test file *.test`,
        );
      }
      why = 'the smaller of the two ratings files, over the same users and items';
    }
    const j = joinTestSet(base, held);
    dataset = j.dataset;
    test = { ...j, source: held.source };
    notes.push(`${base.source}: the ratings`, `${held.source}: the test set (${why}); Split is set to \u201cA second file\u2026\u201d`);
  } else if (plan.splits.length === 0) notes.push(`${name(plan.ratings)}: the ratings`);
  dataset = noted(dataset, notes);
  if (plan.titles !== undefined) dataset = await withTitles(dataset, files[plan.titles], titlesOf(plan.titles));
  dataset = noted(dataset, ignoredNotes(plan, name));
  if (test) test = { ...test, dataset };
  return { ok: true, value: { dataset, ...(test && { test }) } };
}

/** Share of `test`'s ratings whose user and item both occur in `base`. */
export function sharedShare(base: Dataset, test: Dataset): number {
  const users = IdMap.from(base.userIds);
  const items = IdMap.from(base.itemIds);
  const n = test.ratings.ratings.length;
  let shared = 0;
  for (let k = 0; k < n; k++) {
    if (users.find(test.userIds[test.ratings.users[k]]) >= 0 && items.find(test.itemIds[test.ratings.items[k]]) >= 0) shared++;
  }
  return n === 0 ? 0 : shared / n;
}

const TITLES_NOTE = /^titles from /;

/** `d` with the titles of a titles file (over earlier ones where both name an item) and a note of how many items got one. */
async function withTitles(d: Dataset, file: DroppedFile, layout: TitlesLayout): Promise<Dataset> {
  const fresh = parseTitles(layout, new Uint8Array(await file.blob.arrayBuffer()), IdMap.from(d.itemIds));
  const titles = fresh.map((t, k) => t || d.titles?.[k] || '');
  const k = named(fresh);
  const note =
    k === 0
      ? `titles from ${file.name}: it names none of these ${d.numItems} items (the titles of another dataset?)`
      : `titles from ${file.name} (${layout.format}): ${k} of ${d.numItems} items named`;
  const genres = parseGenres(layout, new Uint8Array(await file.blob.arrayBuffer()), IdMap.from(d.itemIds)) ?? d.genres;
  return withGenres({ ...d, titles, notes: [...(d.notes ?? []).filter((n) => !TITLES_NOTE.test(n)), note] }, genres);
}

function noted(d: Dataset, notes: string[]): Dataset {
  return notes.length === 0 ? d : { ...d, notes: [...(d.notes ?? []), ...notes] };
}

const SHOWN = 8;

function ignoredNotes(plan: Plan, name: (k: number) => string): string[] {
  const out: string[] = [];
  if (plan.extraTitles.length > 0) out.push(`not used, a titles file was already taken: ${plan.extraTitles.map(name).join(', ')}`);
  if (plan.ignored.length > 0) {
    const shown = plan.ignored.slice(0, SHOWN).map(name).join(', ');
    const more = plan.ignored.length > SHOWN ? ` and ${plan.ignored.length - SHOWN} more` : '';
    out.push(`ignored, neither ratings nor titles: ${shown}${more}`);
  }
  return out;
}

/** A ratings file and ML-100K-style base/test pairs beside it, read into the same dense ids (as from the zip). */
async function readWithSplits(main: DroppedFile, pairs: { name: string; base: DroppedFile; test: DroppedFile }[], opts: ParseOptions): Promise<Result<Dataset>> {
  const builder = new RatingsBuilder();
  const read = await readRatingsText(blobChunks(main.blob), main.name, main.blob.size, builder, opts);
  if (!read.ok) return read;
  const presetSplits: PresetSplit[] = [];
  for (const pair of pairs) {
    const parts = [];
    for (const f of [pair.base, pair.test]) {
      const b = new RatingsBuilder(builder.userIds, builder.itemIds);
      const r = await readRatingsText(blobChunks(f.blob), f.name, f.blob.size, b, { limits: opts.limits });
      if (!r.ok) return r as { ok: false; error: ParseError };
      parts.push(b.kept());
    }
    presetSplits.push({ name: pair.name, train: parts[0], test: parts[1] });
  }
  const parser = read.value;
  return { ok: true, value: finishDataset({ builder, format: parser.layout!.format, source: main.name, presetSplits }) };
}
