// Parse throughput: streams a ratings file through the app's parser and prints one JSON line
// {rows, ms, rowsPerSec, heapMB, rssMB, arrayBuffersMB, file}; the memory figures are peaks.
// Without a file argument it parses a generated ML-25M-shaped ratings.csv, made once in the temp dir.
import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { makeRng } from '../src/data/rng';
import { parseRatingsStream } from '../src/data/read/parse';
import { fail, parseArgs } from './lib/args';
import { BENCH_PARSE } from './lib/commands/bench-parse';
import { helpText } from './lib/help';

const USERS = 162_541;
const ITEMS = 59_047;
const ROWS = 25_000_000;
const MB = 2 ** 20;

/** Ratings per user: heavy-tailed, at least 20 each (as in ML-25M), summing to exactly ROWS. */
function perUserCounts(rnd: () => number): Int32Array {
  const weight = Float64Array.from({ length: USERS }, () => Math.pow(1 - rnd(), -0.7));
  const total = weight.reduce((a, b) => a + b, 0);
  const free = ROWS - 20 * USERS;
  const n = Int32Array.from(weight, (w) => Math.min(ITEMS >> 1, 20 + Math.floor((w / total) * free)));
  let left = ROWS - n.reduce((a, b) => a + b, 0);
  for (let u = 0; left > 0; u = (u + 1) % USERS) {
    if (n[u] < ITEMS >> 1) {
      n[u]++;
      left--;
    }
  }
  return n;
}

/**
 * User-major like the real file: users 1..USERS in order, each user's distinct movies ascending by
 * id, half-star ratings leaning to 3-4, timestamps. Every movie is rated at least once.
 */
async function generate(path: string): Promise<void> {
  const rnd = makeRng(25);
  const movieIds = new Int32Array(ITEMS);
  for (let i = 0, id = 0; i < ITEMS; i++) movieIds[i] = id += 1 + Math.floor(rnd() * 6);
  const counts = perUserCounts(rnd);
  const stamp = new Int32Array(ITEMS).fill(-1);
  const STARS = [0.5, 1, 1.5, 2, 2, 2.5, 3, 3, 3, 3.5, 3.5, 4, 4, 4, 4, 4.5, 5, 5];
  const out = createWriteStream(`${path}.partial`);
  out.write('userId,movieId,rating,timestamp\n');
  for (let u = 0; u < USERS; u++) {
    const picked = new Int32Array(counts[u]);
    let k = 0;
    if (u < ITEMS) stamp[(picked[k++] = u)] = u;
    while (k < picked.length) {
      const x = rnd();
      const i = Math.floor(ITEMS * (x < 0.6 ? x * x * x : rnd()));
      if (stamp[i] !== u) stamp[(picked[k++] = i)] = u;
    }
    picked.sort();
    const start = 1_000_000_000 + Math.floor(rnd() * 5e8);
    let text = '';
    for (const i of picked) text += `${u + 1},${movieIds[i]},${STARS[Math.floor(rnd() * STARS.length)]},${start + Math.floor(rnd() * 1e7)}\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${path}.partial`, path);
  writeFileSync(`${path}.size`, String(statSync(path).size));
}

async function defaultFile(): Promise<string> {
  const file = join(tmpdir(), 'autorec-bench-ml25m-shaped-ratings.csv');
  const ready = existsSync(file) && existsSync(`${file}.size`) && Number(readFileSync(`${file}.size`, 'utf8')) === statSync(file).size;
  if (!ready) {
    process.stderr.write(`generating ${file} (${ROWS} ratings by ${USERS} users of ${ITEMS} movies, ML-25M-shaped)…\n`);
    await generate(file);
  }
  return file;
}

const { positional, flags } = parseArgs(process.argv.slice(2));
if (flags.has('help')) fail(helpText(BENCH_PARSE));
const file = positional[0] ?? (await defaultFile());
const size = statSync(file).size;
const peak = { heapUsed: 0, rss: 0, arrayBuffers: 0 };
const sample = () => {
  const m = process.memoryUsage();
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  peak.rss = Math.max(peak.rss, m.rss);
  peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
};
const timer = setInterval(sample, 20);
const started = performance.now();
const result = await parseRatingsStream(createReadStream(file, { highWaterMark: 4 * MB }), basename(file), size, { onProgress: sample });
sample();
const ms = performance.now() - started;
clearInterval(timer);
if (!result.ok) {
  process.stderr.write(`${file}:${result.error.line ?? ''} ${result.error.message}\n`);
  process.exit(1);
}
const rows = result.value.ratings.ratings.length;
process.stderr.write(`${result.value.format}: ${result.value.numUsers} users, ${result.value.numItems} items\n`);
process.stdout.write(
  JSON.stringify({
    rows,
    ms: Math.round(ms),
    rowsPerSec: Math.round(rows / (ms / 1000)),
    heapMB: Math.round(peak.heapUsed / MB),
    rssMB: Math.round(peak.rss / MB),
    arrayBuffersMB: Math.round(peak.arrayBuffers / MB),
    file,
  }) + '\n',
);
