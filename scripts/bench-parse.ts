// Parse throughput: streams a ratings file through the app's parser and prints one JSON line.
// Without a file argument it generates an ML-25M-shaped ratings.csv (25M lines) in the temp dir once.
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { makeRng } from '../src/data/rng';
import { parseRatingsStream } from '../src/data/parse';
import { parseArgs } from './args';

const USERS = 162_541;
const ITEMS = 59_047;
const ROWS = 25_000_000;

/** User-major like the real file: each user's movies ascending, half-star ratings, timestamps. */
async function generate(path: string): Promise<void> {
  const rnd = makeRng(25);
  const itemIds = new Int32Array(ITEMS);
  for (let i = 0, id = 0; i < ITEMS; i++) itemIds[i] = id += 1 + Math.floor(rnd() * 6);
  const out = createWriteStream(path);
  out.write('userId,movieId,rating,timestamp\n');
  let written = 0;
  for (let u = 1; u <= USERS && written < ROWS; u++) {
    const left = ROWS - written;
    const n = u === USERS ? left : Math.min(left, Math.max(20, Math.round((ROWS / USERS) * (0.2 + rnd() * 1.6))));
    const lines: string[] = [];
    let at = Math.floor(rnd() * 3);
    const gap = Math.max(1, Math.floor(ITEMS / n));
    for (let k = 0; k < n && at < ITEMS; k++) {
      lines.push(`${u},${itemIds[at]},${(1 + Math.floor(rnd() * 10)) / 2},${1_100_000_000 + Math.floor(rnd() * 4e8)}`);
      at += 1 + Math.floor(rnd() * gap * (k % 2 ? 1 : 1.9));
      if (at >= ITEMS) at = ITEMS - 1 - (n - k);
    }
    written += lines.length;
    if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const { positional } = parseArgs(process.argv.slice(2));
let file = positional[0];
if (!file) {
  file = join(tmpdir(), 'autorec-bench-ratings-25m.csv');
  if (!existsSync(file) || statSync(file).size < 500_000_000) {
    process.stderr.write(`generating ${file} (25M ratings, ML-25M shape)…\n`);
    await generate(file);
  }
}

const size = statSync(file).size;
let peakHeap = 0;
let peakArrays = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakArrays = Math.max(peakArrays, m.arrayBuffers);
};
const timer = setInterval(sample, 50);
const started = performance.now();
const result = await parseRatingsStream(createReadStream(file, { highWaterMark: 1 << 20 }), basename(file), size, {
  onProgress: sample,
});
const ms = performance.now() - started;
clearInterval(timer);
sample();
if (!result.ok) {
  process.stderr.write(`${file}:${result.error.line ?? ''} ${result.error.message}\n`);
  process.exit(1);
}
const rows = result.value.ratings.ratings.length;
const mb = (b: number) => Math.round(b / 2 ** 20);
process.stdout.write(
  JSON.stringify({
    rows,
    ms: Math.round(ms),
    rowsPerSec: Math.round(rows / (ms / 1000)),
    heapMB: mb(peakHeap),
    arrayBuffersMB: mb(peakArrays),
    rssMB: mb(process.memoryUsage().rss),
    users: result.value.numUsers,
    items: result.value.numItems,
    file,
  }) + '\n',
);
