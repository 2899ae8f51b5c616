// MovieLens-shaped ratings files generated for benchmarks (the real ML-1M/10M/25M are never bundled):
// the demo generator's learnable taste model at each dataset's size, written once to the temp dir.
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo, type DemoShape } from '../../src/data/demo';

export const SHAPES: Record<string, DemoShape> = {
  'ml-100k': { users: 943, items: 1682, ratings: 100_000, seed: 7 },
  'ml-1m': { users: 6040, items: 3706, ratings: 1_000_209, seed: 1 },
  'ml-10m': { users: 69_878, items: 10_677, ratings: 10_000_054, seed: 10 },
  'ml-25m': { users: 162_541, items: 59_047, ratings: 25_000_095, seed: 25 },
};

/** Path of `<name>-shaped.data` (user item rating timestamp, tab-separated), generated on first use. */
export async function shapedFile(name: string): Promise<string> {
  const shape = SHAPES[name];
  if (!shape) throw new Error(`unknown shape ${name}: one of ${Object.keys(SHAPES).join(', ')}`);
  const path = join(tmpdir(), `autorec-${name}-shaped.data`);
  if (existsSync(path)) return path;
  let d = generateDemo(shape);
  // The generator lands near its target (per-user caps lose some); one corrected pass gets within ~1%.
  const got = d.ratings.ratings.length;
  if (got < 0.99 * shape.ratings) d = generateDemo({ ...shape, ratings: Math.round((shape.ratings * shape.ratings) / got) });
  const out = createWriteStream(`${path}.partial`);
  const { users, items, ratings } = d.ratings;
  for (let from = 0; from < ratings.length; from += 100_000) {
    const lines: string[] = [];
    for (let k = from; k < Math.min(from + 100_000, ratings.length); k++) lines.push(`${users[k] + 1}\t${items[k] + 1}\t${ratings[k]}\t${881250949 + k}\n`);
    if (!out.write(lines.join(''))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${path}.partial`, path);
  return path;
}
