import type { Command } from '../command';

/** `npm run bench:parse` (scripts/bench-parse.ts). */
export const BENCH_PARSE: Command = {
  name: 'bench:parse',
  about:
    "Parse throughput: streams a ratings file through the app's parser and prints one JSON line {rows, ms, rowsPerSec, heapMB, rssMB, arrayBuffersMB, file} (memory figures are peaks). Without a file it parses a generated ML-25M-shaped ratings.csv, made once in the temp dir.",
  usage: ['[ratings file]'],
  flags: [],
};
