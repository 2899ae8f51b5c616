import { Unzip, UnzipInflate, type FlateError, type UnzipDecoder, type UnzipFile } from 'fflate';
import { RatingsBuilder } from './parse-builder';
import { finishDataset } from './parse-finish';
import { READ_LIMITS, showBytes, type ReadLimits } from './limits';
import { throttle, type ParseOptions } from './parse-progress';
import { TextRatingsParser } from './parse-text';
import { parseGenres, withGenres } from './genres';
import { parseTitles, type TitlesKind } from './titles';
import type { Dataset, ParseError, PresetSplit, Result } from '../types';
import { memberRole, RATINGS_MEMBERS, SPLIT_NAMES } from './zip-members';

interface Buffered {
  parts: Uint8Array[];
  done: boolean;
}

/** Compressed bytes inflated at a time: what one step may unpack to is bounded (deflate packs at most 1032 to 1). */
const INFLATE_STEP = 1 << 14;

/**
 * A GroupLens archive, streamed through fflate: the ratings member is parsed as it inflates; titles
 * and ML-100K's ready-made splits are kept as bytes (they are small, and may come before the
 * ratings) and read once the ratings have fixed the dense ids. Other members are not inflated.
 * A member that says it unpacks past a ceiling, unpacks past one, or unpacks to over `ratio` times
 * its packed size (a zip bomb: ratings text packs 2 to 5 to 1) is refused as soon as that shows.
 */
export async function parseZip(chunks: AsyncIterable<Uint8Array>, name: string, totalBytes: number, opts: ParseOptions): Promise<Result<Dataset>> {
  const limits = opts.limits ?? READ_LIMITS;
  const builder = new RatingsBuilder();
  let main: { parser: TextRatingsParser; member: string; done: boolean } | undefined;
  const titles = new Map<string, Buffered & { kind: TitlesKind }>();
  /** By 'u1.base' etc. */
  const splits = new Map<string, Buffered & { path: string }>();
  const inflated = new Set<string>();
  let damaged: string | undefined;
  /** Past a ceiling: the message, and the member. */
  let refused: { message: string; member: string } | undefined;
  const refuse = (member: string, message: string) => {
    refused ??= { message, member };
  };
  let sideBytes = 0;
  const fail = (message: string, source = name): Result<Dataset> => ({ ok: false, error: { message, source } });

  const onError = (file: UnzipFile) => (err: FlateError) => {
    damaged ??= `${file.name}: ${err.message}`;
  };
  const buffer = (file: UnzipFile, into: Buffered) => {
    file.ondata = (err, data, final) => {
      if (err) return onError(file)(err);
      sideBytes += data.length;
      if (sideBytes > limits.sideBytes) {
        refuse(file.name, `the archive's titles and split files unpack to over ${showBytes(limits.sideBytes)}, past what is kept of them (MovieLens keeps a few MB there): refused`);
        return file.terminate();
      }
      into.parts.push(data.slice());
      if (final) into.done = true;
    };
  };

  const unzip = new Unzip((file) => {
    const role = memberRole(file.name);
    const ceiling = role?.role === 'ratings' ? limits.textBytes : limits.sideBytes;
    if (role && (file.originalSize ?? 0) > ceiling) {
      refuse(file.name, `says it unpacks to ${showBytes(file.originalSize!)}, past the ${showBytes(ceiling)} read of ${role.role === 'ratings' ? 'a ratings file' : "an archive's titles and splits"}: refused`);
      file.ondata = () => undefined;
      return start(file);
    }
    if (role?.role === 'ratings' && !main) {
      const entry = { parser: new TextRatingsParser(builder, `${name} › ${file.name}`, file.originalSize ?? 0, limits), member: file.name, done: false };
      main = entry;
      file.ondata = (err, data, final) => {
        if (err) return onError(file)(err);
        if (!entry.parser.push(data)) return file.terminate();
        if (final) {
          entry.done = true;
          entry.parser.end();
        }
      };
    } else if (role?.role === 'titles' && !titles.has(file.name)) {
      const entry = { parts: [], done: false, kind: role.kind };
      titles.set(file.name, entry);
      buffer(file, entry);
    } else if (role?.role === 'split' && !splits.has(`${role.split}.${role.part}`)) {
      const entry = { parts: [], done: false, path: file.name };
      splits.set(`${role.split}.${role.part}`, entry);
      buffer(file, entry);
    } else {
      file.ondata = () => undefined;
      start(file);
      return;
    }
    inflated.add(file.name);
    start(file);
  });

  // Started members' data must flow (fflate keeps unstarted members' bytes); only ours is inflated.
  function start(file: UnzipFile): void {
    try {
      file.start();
    } catch (e) {
      if (inflated.has(file.name)) damaged ??= `${file.name}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  class SelectiveInflate implements UnzipDecoder {
    static readonly compression = 8;
    ondata: UnzipDecoder['ondata'] = () => undefined;
    private readonly inner?: UnzipInflate;
    private stopped = false;
    private packed = 0;
    private unpacked = 0;
    constructor(private readonly member: string) {
      if (!inflated.has(member)) return;
      this.inner = new UnzipInflate();
      this.inner.ondata = (err, data, final) => {
        this.unpacked += data?.length ?? 0;
        this.ondata(err, data, final);
      };
    }
    push(chunk: Uint8Array, final: boolean): void {
      if (!this.inner) return;
      for (let at = 0; !this.stopped && (at < chunk.length || (at === 0 && final)); at += INFLATE_STEP) {
        const step = chunk.subarray(at, at + INFLATE_STEP);
        this.packed += step.length;
        this.inner.push(step, final && at + INFLATE_STEP >= chunk.length);
        if (this.unpacked > limits.ratioFrom && this.unpacked > limits.ratio * this.packed) {
          refuse(this.member, `unpacks to over ${limits.ratio} times its packed size (${showBytes(this.unpacked)} from ${showBytes(this.packed)}), as no ratings or titles text does (they pack 2 to 5 to 1): a zip bomb, refused`);
          this.stopped = true;
        }
      }
    }
    terminate(): void {
      this.stopped = true;
    }
  }
  unzip.register(SelectiveInflate);

  const progress = throttle(totalBytes, opts.onProgress);
  let read = 0;
  let truncated = false;
  const stopped = () => damaged !== undefined || refused !== undefined || main?.parser.error !== undefined;
  for await (const chunk of chunks) {
    try {
      unzip.push(chunk);
    } catch (e) {
      damaged ??= e instanceof Error ? e.message : String(e);
    }
    read += chunk.length;
    progress(read, builder.length);
    if (stopped()) break;
  }
  if (!stopped()) {
    try {
      unzip.push(new Uint8Array(0), true);
    } catch {
      truncated = true; // fflate throws when the archive ends inside a member
    }
  }

  if (refused) return fail(refused.message, `${name} › ${refused.member}`);
  if (main?.parser.error) return { ok: false, error: main.parser.error };
  if (damaged) return fail(`the zip archive is damaged: ${damaged}`);
  if (truncated || (main && !main.done)) return fail(`the zip archive is truncated (cut short${main && !main.done ? ` inside ${main.member}` : ''}): download it again`);
  if (!main) return fail(`the zip archive holds no ratings file (looked for ${RATINGS_MEMBERS.join(', ')})`);
  const source = `${name} › ${main.member}`;
  if (builder.length === 0) return fail(main.parser.layout?.hasHeader ? 'the ratings file has a header but no ratings' : 'the ratings file is empty', source);

  const presetSplits = readSplits(splits, builder, name, limits);
  if (!Array.isArray(presetSplits)) return { ok: false, error: presetSplits };
  const titlesMember = pickTitles(titles, main.member);
  progress(totalBytes, builder.length);
  const genres = titlesMember && parseGenres(titlesMember.kind, join(titlesMember.parts), builder.itemIds);
  return {
    ok: true,
    value: withGenres(finishDataset({
      builder,
      format: `${main.parser.layout!.format}, from a zip archive`,
      source,
      titles: titlesMember && parseTitles(titlesMember.kind, join(titlesMember.parts), builder.itemIds),
      presetSplits,
    }), genres),
  };
}

/** ML-100K's u1..u5, ua, ub base/test pairs, parsed into the ratings file's dense ids. */
function readSplits(members: Map<string, Buffered & { path: string }>, main: RatingsBuilder, archive: string, limits: ReadLimits): PresetSplit[] | ParseError {
  const out: PresetSplit[] = [];
  for (const split of SPLIT_NAMES) {
    const pair = [members.get(`${split}.base`), members.get(`${split}.test`)];
    if (!pair.every((m) => m?.done)) continue;
    const [train, test] = pair.map((m) => {
      const b = new RatingsBuilder(main.userIds, main.itemIds);
      const p = new TextRatingsParser(b, `${archive} › ${m!.path}`, 0, limits);
      return p.push(join(m!.parts)) && p.end() ? b.kept() : p.error!;
    });
    if (!('ratings' in train)) return train;
    if (!('ratings' in test)) return test;
    out.push({ name: split, train, test });
  }
  return out;
}

/** The titles member beside the ratings member, else the first complete one. */
function pickTitles(titles: Map<string, Buffered & { kind: TitlesKind }>, ratingsMember: string) {
  const dir = ratingsMember.slice(0, ratingsMember.lastIndexOf('/') + 1);
  const complete = [...titles].filter(([, t]) => t.done);
  return (complete.find(([path]) => path.slice(0, path.lastIndexOf('/') + 1) === dir) ?? complete[0])?.[1];
}

function join(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
