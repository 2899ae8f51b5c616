import { finishDataset } from './finish';
import { RatingsBuilder } from './ratings-builder';
import { TextRatingsParser } from './text-parser';
import type { Dataset, Result } from './types';
import { parseZip } from './zip';

export interface ParseProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface ParseOptions {
  onProgress?: (p: ParseProgress) => void;
}

/** Calls back at most every 1% of the bytes. */
export function throttle(totalBytes: number, onProgress?: (p: ParseProgress) => void) {
  let next = 0;
  return (bytesRead: number, rows: number) => {
    if (!onProgress || (bytesRead < next && bytesRead < totalBytes)) return;
    next = bytesRead + Math.max(totalBytes / 100, 1 << 20);
    onProgress({ bytesRead, totalBytes, rows });
  };
}

/** A plain-text ratings file, streamed: u.data, ratings.dat, ratings.csv or a generic CSV/TSV. */
export async function parseRatingsStream(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  totalBytes: number,
  opts: ParseOptions = {},
): Promise<Result<Dataset>> {
  const builder = new RatingsBuilder();
  const parser = new TextRatingsParser(builder, name, totalBytes);
  const progress = throttle(totalBytes, opts.onProgress);
  let read = 0;
  for await (const chunk of chunks) {
    if (!parser.push(chunk)) break;
    read += chunk.length;
    progress(read, builder.length);
  }
  parser.end();
  if (parser.error) return { ok: false, error: parser.error };
  if (builder.length === 0) return { ok: false, error: { message: 'the file is empty: no ratings found', source: name } };
  progress(totalBytes, builder.length);
  return { ok: true, value: finishDataset({ builder, lineMarks: parser.lineMarks, format: parser.layout!.format, source: name }) };
}

/** A dropped file: a GroupLens .zip (detected by its magic bytes) or a ratings text file. */
export async function parseRatingsFile(file: Blob, name: string, opts: ParseOptions = {}): Promise<Result<Dataset>> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const chunks = file.stream() as unknown as AsyncIterable<Uint8Array>;
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    return parseZip(chunks, name, file.size, opts);
  }
  return parseRatingsStream(chunks, name, file.size, opts);
}
