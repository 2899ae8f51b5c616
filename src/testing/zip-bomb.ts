import { strToU8, Zip, ZipDeflate } from 'fflate';

/** Lines deflated at a time. */
const LINES_PER_PUSH = 1 << 16;

/**
 * A zip archive whose one member, `member`, is `line` repeated `times` times, made as it is read: each
 * chunk of the archive is deflated only when the reader asks for it, so a reader that refuses early
 * never makes the rest. The bomb: `zipOfRepeatedLine('1\t1\t5\t0\n', 187_000_000)` is 2.2 MB
 * whose u.data unpacks to 1.5 GB. Written to a file for the commands:
 *
 *   npx tsx -e "import('./src/testing/zip-bomb.ts').then(({ zipOfRepeatedLine }) => { const fs = require('node:fs'); const fd = fs.openSync('/tmp/bomb.zip', 'w'); for (const c of zipOfRepeatedLine('1\t1\t5\t0\n', 187e6)) fs.writeSync(fd, c); })"
 */
export function* zipOfRepeatedLine(line: string, times: number, member = 'ml-100k/u.data'): Generator<Uint8Array> {
  const out: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    out.push(data);
  });
  const file = new ZipDeflate(member, { level: 6 });
  zip.add(file);
  const per = Math.min(times, LINES_PER_PUSH);
  const block = strToU8(line.repeat(per));
  if (times === 0) file.push(new Uint8Array(0), true), zip.end();
  yield* out.splice(0);
  for (let left = times; left > 0; ) {
    const n = Math.min(per, left);
    left -= n;
    file.push(n === per ? block : block.subarray(0, n * (block.length / per)), left === 0);
    if (left === 0) zip.end();
    yield* out.splice(0);
  }
}
