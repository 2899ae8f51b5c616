import { RatingsBuilder } from './parse-builder';
import { finishDataset } from './parse-finish';
import { throttle, type ParseOptions } from './parse-progress';
import { TextRatingsParser } from './parse-text';
import type { Dataset, Result } from '../types';
import { parseZip } from './zip';

/** A dropped file: a zip archive (detected by its magic bytes) or a ratings text file. */
export async function parseRatingsFile(file: Blob, name: string, opts: ParseOptions = {}): Promise<Result<Dataset>> {
  try {
    const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
    const refused = refuseByMagic(head);
    if (refused) return { ok: false, error: { message: refused, source: name } };
    if (isZip(head)) return await parseZip(blobChunks(file), name, file.size, opts);
    return await parseRatingsStream(blobChunks(file), name, file.size, opts);
  } catch (e) {
    return { ok: false, error: { message: `could not read the file: ${e instanceof Error ? e.message : String(e)}`, source: name } };
  }
}

/** A plain-text ratings file, streamed: u.data, ratings.dat, ratings.csv or a generic CSV/TSV. */
export async function parseRatingsStream(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  totalBytes: number,
  opts: ParseOptions = {},
): Promise<Result<Dataset>> {
  const builder = new RatingsBuilder();
  const read = await readRatingsText(chunks, name, totalBytes, builder, opts);
  if (!read.ok) return read;
  const parser = read.value;
  return { ok: true, value: finishDataset({ builder, format: parser.layout!.format, source: name }) };
}

/**
 * Streams ratings text into `builder` (which may share its id maps with another file's); the parser
 * (its layout and line marks) once at least one rating was read, or the error.
 */
export async function readRatingsText(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  totalBytes: number,
  builder: RatingsBuilder,
  opts: ParseOptions = {},
): Promise<Result<TextRatingsParser>> {
  const parser = new TextRatingsParser(builder, name, totalBytes, opts.limits);
  const progress = throttle(totalBytes, opts.onProgress);
  let read = 0;
  for await (const chunk of chunks) {
    if (!parser.push(chunk)) break;
    read += chunk.length;
    progress(read, builder.length);
  }
  if (!parser.end()) return { ok: false, error: parser.error! };
  if (builder.length === 0) {
    const what = parser.layout?.hasHeader ? 'has a header but no ratings' : 'is empty: no ratings found';
    return { ok: false, error: { message: `the file ${what}`, source: name } };
  }
  progress(totalBytes, builder.length);
  return { ok: true, value: parser };
}

/** The blob's bytes chunk by chunk; a reader loop, since not every browser can for-await a stream. */
export async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      yield next.value;
    }
    done = true;
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Why a file's first 4 bytes say it cannot be read (gzip, an empty or split zip), or undefined. */
export function refuseByMagic(head: Uint8Array): string | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'this is a gzip file: decompress it first (or drop the .zip GroupLens ships)';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 5 && head[3] === 6) return 'the zip archive is empty';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 7 && head[3] === 8) return 'this is a split (multi-part) zip archive, which is not supported';
  return undefined;
}

/** A zip archive's local file header magic, PK\x03\x04. */
export const isZip = (head: Uint8Array) => head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
