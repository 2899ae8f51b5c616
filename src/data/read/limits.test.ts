import { describe, expect, it } from 'vitest';
import { zip } from '../../testing/fixtures';
import { zipOfRepeatedLine } from '../../testing/zip-bomb';
import { READ_LIMITS, type ReadLimits } from './limits';
import { parseRatingsStream } from './parse';
import { parseZip } from './zip';
import type { Dataset, ParseError, Result } from '../types';

const LINE = '1\t1\t5\t0\n';

/** The chunks of `source` as a stream, counting what the reader took. */
function counted(source: Iterable<Uint8Array>): { chunks: AsyncIterable<Uint8Array>; taken: { bytes: number } } {
  const taken = { bytes: 0 };
  async function* chunks() {
    for (const c of source) {
      taken.bytes += c.length;
      yield c;
    }
  }
  return { chunks: chunks(), taken };
}

function* repeated(text: string, times: number, perChunk = 8192): Generator<Uint8Array> {
  const block = new TextEncoder().encode(text.repeat(perChunk));
  for (let left = times; left > 0; left -= perChunk) yield left >= perChunk ? block : block.subarray(0, left * (block.length / perChunk));
}

async function bad(r: Promise<Result<Dataset>>): Promise<ParseError> {
  const res = await r;
  if (res.ok) throw new Error(`expected a refusal, got ${res.value.ratings.ratings.length} ratings`);
  return res.error;
}

const limits = (l: Partial<ReadLimits>): ReadLimits => ({ ...READ_LIMITS, ...l });

describe('the issue’s bomb: a 2 MB zip whose u.data is 1.5 GB of one line', () => {
  it('is refused as a zip bomb after its first few KB, at the default ceilings', async () => {
    const { chunks, taken } = counted(zipOfRepeatedLine(LINE, 187_000_000));
    const e = await bad(parseZip(chunks, 'bomb.zip', 2_200_000, {}));
    expect(e.source).toBe('bomb.zip › ml-100k/u.data');
    expect(e.message).toMatch(/^unpacks to over 100 times its packed size \(.* from .* KB\).*a zip bomb, refused$/);
    expect(taken.bytes).toBeLessThan(256 << 10);
  });
});

describe('duplicates fold as they stream in; past a ceiling, refused early', () => {
  it('a text of one line 3 million times, under the ceilings, is one rating', async () => {
    const res = await parseRatingsStream(counted(repeated(LINE, 3_000_000)).chunks, 'u.data', 24_000_000);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.ratings.ratings.length).toBe(1);
    expect(res.value.notes).toEqual(['2999999 duplicate (user, item) ratings: later lines kept (first at line 2, duplicating line 1)']);
  });

  it('more lines than the ceiling: refused at the first line past it, the rest never read', async () => {
    const { chunks, taken } = counted(repeated(LINE, 3_000_000));
    const e = await bad(parseRatingsStream(chunks, 'u.data', 24_000_000, { limits: limits({ lines: 1_000_000 }) }));
    expect(e).toEqual({ message: 'more than 1,000,000 lines, past what is read (MovieLens 32M has 32 million ratings): refused', line: 1_000_001, source: 'u.data' });
    expect(taken.bytes).toBeLessThan(8_100_000 + 65_536);
  });

  it('more bytes than the ceiling: refused', async () => {
    const e = await bad(parseRatingsStream(counted(repeated(LINE, 300_000)).chunks, 'u.data', 2_400_000, { limits: limits({ textBytes: 1 << 20 }) }));
    expect(e.message).toBe("the ratings text is over 1 MB, past what is read (MovieLens 32M's ratings.csv is 0.9 GB): refused");
  });

  it('a zip member that unpacks past the text ceiling (a ratio a real export has), refused by the ceiling', async () => {
    const text = Array.from({ length: 200_000 }, (_, k) => `${k % 997}\t${k % 1009}\t${1 + (k % 5)}\t${874965758 + k * 7919}\n`).join('');
    const e = await bad(parseZip(counted(zipOfText(text)).chunks, 'a.zip', 0, { limits: limits({ textBytes: 1 << 20 }) }));
    expect(e.message).toMatch(/^the ratings text is over 1 MB/);
    expect(e.source).toBe('a.zip › ml-100k/u.data');
  });

  it('a member that says it unpacks past its ceiling: refused before it is read', async () => {
    const archive = zip({ 'ml-100k/u.data': LINE.repeat(200_000) });
    const e = await bad(parseZip(counted([archive]).chunks, 'a.zip', archive.length, { limits: limits({ textBytes: 1 << 20 }) }));
    expect(e).toEqual({ message: 'says it unpacks to 1.5 MB, past the 1 MB read of a ratings file: refused', source: 'a.zip › ml-100k/u.data' });
  });

  it("titles and split members past what is kept of them: refused", async () => {
    const archive = zip({ 'ml-100k/u.item': '1|Film|x\n'.repeat(200_000), 'ml-100k/u.data': LINE });
    const e = await bad(parseZip(counted(zipOfText('1|Film|x\n'.repeat(200_000), 'ml-100k/u.item')).chunks, 'a.zip', 0, { limits: limits({ sideBytes: 1 << 20 }) }));
    expect(e.message).toBe("the archive's titles and split files unpack to over 1 MB, past what is kept of them (MovieLens keeps a few MB there): refused");
    expect((await bad(parseZip(counted([archive]).chunks, 'a.zip', archive.length, { limits: limits({ sideBytes: 1 << 20 }) }))).message).toMatch(/^says it unpacks to 1\.7 MB, past the 1 MB read of an archive's titles and splits/);
  });
});

/** `text` as the one member of a streamed zip (no sizes in its header, as the bomb). */
function zipOfText(text: string, member = 'ml-100k/u.data'): Generator<Uint8Array> {
  return zipOfRepeatedLine(text, 1, member);
}
