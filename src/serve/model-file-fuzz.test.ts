import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import { D2L_DEFAULTS } from '../config/settings';
import { runs } from '../testing/fuzz-runs';
import { setupRun } from '../train/setup-run';
import type { EpochStats } from '../train/metrics';
import { decodeModel, type Opened } from './model-file-read';
import { encodeBlend, encodeCodes, encodeModel } from './model-file-write';
import { blendToSave, captureModel, codesToSave } from './saved-model';
import { servedNetwork } from './served';
import type { TuneResult } from '../config/tune-results';

// Property tests of the model-file reader (fast-check) on a real file: a tiny model trained two epochs and saved.
// decodeModel is pure (the worker replaces nothing unless it opens), so "nothing loaded changed" is: it returns
// one message and does not throw. A damaged file opens only where the damage changes nothing it reads.

let bytes: Uint8Array;
let original: Opened;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const d = generateDemo({ users: 30, items: 20, ratings: 300, seed: 7 });
  const dataset = { ...d, titles: Array.from({ length: d.numItems }, (_, i) => `Film ${d.itemIds[i]}`) };
  const config = { ...D2L_DEFAULTS, hidden: 6, batchSize: 16, epochs: 2 };
  const setup = setupRun(dataset, config, { backend: 'cpu' });
  const epochs: EpochStats[] = [await setup.trainer.trainEpoch(), await setup.trainer.trainEpoch()];
  bytes = encodeModel(await captureModel({ trainer: setup.trainer, config, dataset, split: setup.split, epochs }, new Date(0)));
  setup.trainer.dispose();
  original = decodeModel(bytes, 'm.zip');
  if (!original.ok) throw new Error(original.error);
});

/** Throws (failing the property) unless decodeModel returns one message, or the very model the file holds. */
function refusedOrSame(b: Uint8Array): void {
  let r: Opened;
  try {
    r = decodeModel(b, 'm.zip');
  } catch (e) {
    throw new Error(`decodeModel threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!r.ok) {
    expect(r.error).toMatch(/^m\.zip: \S/);
    return;
  }
  if (!isDeepStrictEqual(r.model, (original as { model: unknown }).model)) throw new Error('a damaged file opened as a different model');
}

describe('what fast-check found', () => {
  it('a flipped byte inside a stored weight is refused (it opened as other weights: fflate does not check the checksums)', () => {
    const weights = unzipSync(bytes)['weights/kept/0.f32'];
    const at = indexOf(bytes, weights.subarray(0, 32)) + 13;
    const b = bytes.slice();
    b[at] ^= 1;
    expect(decodeModel(b, 'm.zip')).toEqual({ ok: false, error: "m.zip: weights/kept/0.f32: not the bytes the archive's checksums record (the file is damaged)." });
  });

  it('a member whose directory entry says it unpacks to 2 GB is refused before it is inflated (unzipSync allocated what damaged sizes said: some took 10 s and GBs)', () => {
    const name = new TextEncoder().encode('manifest.json');
    const entry = lastIndexOf(bytes, name) - 46; // the central directory's entry: its name is at 46
    const b = bytes.slice();
    new DataView(b.buffer).setUint32(entry + 24, 0x7ffffff0, true);
    const t0 = performance.now();
    expect(decodeModel(b, 'm.zip')).toEqual({ ok: false, error: 'm.zip: manifest.json: sizes the archive cannot hold (the file is damaged).' });
    expect(performance.now() - t0).toBeLessThan(2000); // generous: it takes a few ms
  });
});

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  for (let k = 0; k + needle.length <= hay.length; k++) if (needle.every((v, j) => hay[k + j] === v)) return k;
  throw new Error('not found');
}

function lastIndexOf(hay: Uint8Array, needle: Uint8Array): number {
  for (let k = hay.length - needle.length; k >= 0; k--) if (needle.every((v, j) => hay[k + j] === v)) return k;
  throw new Error('not found');
}

describe('property: a damaged model file gives one message, never a throw and never a different model', () => {
  it(`cut short (at 500 lengths evenly spaced, then at ${runs(500)} random ones)`, () => {
    for (let n = 0; n < bytes.length; n += Math.max(1, Math.floor(bytes.length / 500))) refusedOrSame(bytes.subarray(0, n));
    fc.assert(fc.property(fc.nat(bytes.length - 1), (n) => refusedOrSame(bytes.subarray(0, n))), { numRuns: runs(500) });
  });

  it(`one to four bytes overwritten anywhere (${runs(4000)} runs)`, () => {
    const flip = fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }));
    fc.assert(
      fc.property(fc.array(flip, { minLength: 1, maxLength: 4 }), (flips) => {
        const b = bytes.slice();
        for (const [at, x] of flips) b[at] ^= x;
        refusedOrSame(b);
      }),
      { numRuns: runs(4000) },
    );
  });

  it(`a run of bytes cut out or repeated (${runs(1000)} runs)`, () => {
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 64 }), fc.boolean(), (at, n, repeat) => {
        const b = repeat ? new Uint8Array([...bytes.subarray(0, at + n), ...bytes.subarray(at)]) : new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + n)]);
        refusedOrSame(b);
      }),
      { numRuns: runs(1000) },
    );
  });

  it(`any bytes (${runs(500)} runs)`, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (b) => {
      expect(decodeModel(b, 'm.zip').ok).toBe(false);
    }), { numRuns: runs(500) });
  });
});

describe("property: a blend's file and a file without ratings, damaged, give one message or the model they hold", () => {
  const files: { kind: string; bytes: Uint8Array; model: unknown }[] = [];

  beforeAll(async () => {
    const d = generateDemo({ users: 30, items: 20, ratings: 300, seed: 7 });
    const config = { ...D2L_DEFAULTS, hidden: 6, batchSize: 16, epochs: 2 };
    const runsOf = [setupRun(d, config, { backend: 'cpu' }), setupRun(d, { ...config, variant: 'U' as const, seed: 1 }, { backend: 'cpu' })];
    for (const r of runsOf) for (let e = 0; e < 2; e++) await r.trainer.trainEpoch();
    const split = runsOf[0].split;
    const members = await Promise.all(runsOf.map(async (r, k) => ({ trial: k + 1, config: r.trainer.trainConfig, params: await r.trainer.servingWeights(), stage: 'local', epoch: 2, validRmse: 1 })));
    const result = { testRmse: 1, testMae: 1, validRmse: 1, members: [1, 2] } as unknown as TuneResult;
    const blend = blendToSave({ dataset: d, split, config, model: { members, blend: { weights: [0.6, 0.4], intercept: 0.1, fitted: true }, refit: false }, result }, new Date(0));
    const codes = await codesToSave({ served: servedNetwork(runsOf[0].trainer), dataset: d, split, config, about: 'I-AutoRec, kept epoch 2', testRmse: 1 }, new Date(0));
    runsOf.forEach((r) => r.trainer.dispose());
    for (const [kind, b] of [['blend', encodeBlend(blend)], ['codes', encodeCodes(codes)]] as const) {
      const o = decodeModel(b, 'm.zip');
      if (!o.ok) throw new Error(o.error);
      files.push({ kind, bytes: b, model: o.model });
    }
  });

  it(`cut short, or one to four bytes overwritten (${runs(1000)} runs each, per kind)`, () => {
    for (const f of files) {
      const check = (b: Uint8Array) => {
        const r = decodeModel(b, 'm.zip');
        if (!r.ok) expect(r.error).toMatch(/^m\.zip: \S/);
        else if (!isDeepStrictEqual(r.model, f.model)) throw new Error(`a damaged ${f.kind} file opened as a different model`);
      };
      fc.assert(
        fc.property(fc.nat(f.bytes.length - 1), (n) => {
          check(f.bytes.subarray(0, n));
        }),
        { numRuns: runs(1000) },
      );
      const flip = fc.tuple(fc.nat(f.bytes.length - 1), fc.integer({ min: 1, max: 255 }));
      fc.assert(
        fc.property(fc.array(flip, { minLength: 1, maxLength: 4 }), (flips) => {
          const b = f.bytes.slice();
          for (const [at, x] of flips) b[at] ^= x;
          check(b);
        }),
        { numRuns: runs(1000) },
      );
    }
  });
});
