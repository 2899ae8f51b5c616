import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { finishDataset } from './finish';
import { throttle, type ParseOptions } from './parse';
import { RatingsBuilder } from './ratings-builder';
import { TextRatingsParser } from './text-parser';
import { parseTitles, titlesKind } from './titles';
import type { Dataset, PresetSplit, Result } from './types';

const RATINGS = ['u.data', 'ratings.dat', 'ratings.csv'];
const SPLIT = /^(u[1-5]|u[ab])\.(base|test)$/;

const base = (path: string) => path.split('/').pop() ?? path;

/**
 * A GroupLens archive, streamed through fflate: the ratings member is parsed as it inflates;
 * titles (u.item, movies.dat, movies.csv) and ML-100K's ready-made splits are kept as bytes and
 * read once the ratings have fixed the ids.
 */
export async function parseZip(chunks: AsyncIterable<Uint8Array>, name: string, totalBytes: number, opts: ParseOptions): Promise<Result<Dataset>> {
  const builder = new RatingsBuilder();
  let ratings: { parser: TextRatingsParser; member: string; done: boolean } | undefined;
  const small = new Map<string, Uint8Array[]>();
  const finished = new Set<string>();
  let zipError: string | undefined;
  const progress = throttle(totalBytes, opts.onProgress);

  const unzip = new Unzip((file: UnzipFile) => {
    if (file.name.startsWith('__MACOSX/') || file.name.endsWith('/')) return;
    const b = base(file.name);
    if (RATINGS.includes(b) && !ratings) {
      const entry = { parser: new TextRatingsParser(builder, file.name), member: file.name, done: false };
      ratings = entry;
      file.ondata = (err, data, final) => {
        if (err) zipError = `${file.name}: ${err.message}`;
        else if (!entry.parser.push(data)) file.terminate();
        if (final && !err) {
          entry.parser.end();
          entry.done = true;
        }
      };
      file.start();
      return;
    }
    if (titlesKind(b) || SPLIT.test(b)) {
      const parts: Uint8Array[] = [];
      small.set(file.name, parts);
      file.ondata = (err, data, final) => {
        if (err) zipError = `${file.name}: ${err.message}`;
        else parts.push(data);
        if (final && !err) finished.add(file.name);
      };
      file.start();
    }
  });
  unzip.register(UnzipInflate);

  let read = 0;
  try {
    for await (const chunk of chunks) {
      unzip.push(chunk);
      read += chunk.length;
      progress(read, builder.length);
      if (zipError || ratings?.parser.error) break;
    }
    if (!zipError && !ratings?.parser.error) unzip.push(new Uint8Array(0), true);
  } catch (e) {
    // fflate throws at the end of an archive cut short; name that plainly when the ratings are unfinished
    if (!ratings?.done) return { ok: false, error: { message: `the zip archive is truncated: ${ratings?.member ?? 'it'} ends before its end`, source: name } };
    zipError = e instanceof Error ? e.message : String(e);
  }
  if (ratings?.parser.error) return { ok: false, error: ratings.parser.error };
  if (zipError) return { ok: false, error: { message: `the zip archive is damaged: ${zipError}`, source: name } };
  if (!ratings) {
    return { ok: false, error: { message: `the zip archive holds no ratings file (looked for ${RATINGS.join(', ')})`, source: name } };
  }
  if (!ratings.done) {
    return { ok: false, error: { message: `the zip archive is truncated: ${ratings.member} ends before its end`, source: name } };
  }
  if (builder.length === 0) return { ok: false, error: { message: 'the ratings file in the archive is empty', source: ratings.member } };

  const bytes = (member: string) => join(small.get(member) ?? []);
  const complete = [...small.keys()].filter((m) => finished.has(m));
  const titlesMember = complete.find((m) => titlesKind(base(m)));
  const titles = titlesMember ? parseTitles(titlesKind(base(titlesMember))!, bytes(titlesMember), builder.itemIds) : undefined;
  const presetSplits = readSplits(complete, bytes, builder);
  if (!Array.isArray(presetSplits)) return presetSplits;
  progress(totalBytes, builder.length);
  return {
    ok: true,
    value: finishDataset({
      builder,
      lineMarks: ratings.parser.lineMarks,
      format: `${ratings.parser.layout!.format}, from a zip archive`,
      source: `${name} › ${ratings.member}`,
      titles,
      presetSplits: presetSplits.length ? presetSplits : undefined,
    }),
  };
}

/** ML-100K's u1..u5 / ua / ub base+test pairs, with the ratings file's dense ids. */
function readSplits(members: string[], bytes: (m: string) => Uint8Array, main: RatingsBuilder): PresetSplit[] | { ok: false; error: { message: string; line?: number; source?: string } } {
  const out: PresetSplit[] = [];
  for (const split of ['u1', 'u2', 'u3', 'u4', 'u5', 'ua', 'ub']) {
    const baseM = members.find((m) => base(m) === `${split}.base`);
    const testM = members.find((m) => base(m) === `${split}.test`);
    if (!baseM || !testM) continue;
    const parts = [baseM, testM].map((m) => {
      const b = new RatingsBuilder(main.userIds, main.itemIds);
      const p = new TextRatingsParser(b, m);
      p.push(bytes(m));
      p.end();
      return { b, p };
    });
    const bad = parts.find((x) => x.p.error);
    if (bad) return { ok: false, error: bad.p.error! };
    out.push({ name: split, train: parts[0].b.triples(), test: parts[1].b.triples() });
  }
  return out;
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
