import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateDemo, toUDataText } from '../../src/data/demo';
import { commandLines } from '../lib/command-lines';
import { webGpuInNodeRequired } from '../../src/compute/webgpu-node';

// The headless commands run and print JSON lines; their figures are reported, never asserted.
const run = commandLines;

/** A figure, not NaN or Infinity (typeof NaN is 'number' too). */
const expectFinite = (line: Record<string, unknown>, keys: string[]) => {
  for (const k of keys) expect(Number.isFinite(line[k]), `${k} = ${String(line[k])} in ${JSON.stringify(line)}`).toBe(true);
};

const dir = mkdtempSync(join(tmpdir(), 'autorec-cmd-'));
const file = join(dir, 'u.data');
writeFileSync(file, toUDataText(generateDemo({ users: 80, items: 60, ratings: 1500, seed: 4 })));

it('train prints one JSON line per epoch and a summary', () => {
  const lines = run('train.ts', [file, '--hidden', '8', '--epochs', '2', '--backend', 'cpu', '--json']);
  expect(lines[0]).toMatchObject({ setup: true, backend: 'cpu' });
  expect(lines.slice(1, 3).map((l) => l.epoch)).toEqual([1, 2]);
  for (const l of lines.slice(1, 3)) expectFinite(l, ['trainLoss', 'trainRmse', 'validRmse', 'testRmse', 'testMae', 'ms']);
  // the ranking at 10 only at the end unless asked for every epoch (--rank-epochs, below)
  for (const l of lines.slice(1, 3)) expect(l.testNdcg10 ?? null, JSON.stringify(l)).toBeNull();
  expect(lines[3]).toMatchObject({ summary: true, epochs: 2, relevantFrom: 4 });
  expectFinite(lines[3], ['selectedEpoch', 'validRmse', 'testRmse', 'globalMeanTestRmse', 'userItemBiasTestRmse', 'mfTestRmse', 'mfNdcg10', 'testPrecision10', 'testRecall10', 'testNdcg10', 'popularPrecision10', 'popularRecall10', 'popularNdcg10', 'rankUsers']);
  // the MF baseline's settings, chosen on the validation share
  expect(lines[3].mf).toMatchObject({ chosenBy: 'validation', factors: expect.any(Number), l2: expect.any(Number) });
});

it('train --rank-epochs measures the ranking at 10 every epoch, and the text lines show its NDCG only then', () => {
  const lines = run('train.ts', [file, '--hidden', '8', '--epochs', '2', '--backend', 'cpu', '--json', '--rank-epochs']);
  for (const l of lines.slice(1, 3)) expectFinite(l, ['testPrecision10', 'testRecall10', 'testNdcg10']);
  const text = (more: string[]) => spawnSync('npx', ['tsx', 'scripts/train.ts', file, '--hidden', '8', '--epochs', '1', '--backend', 'cpu', ...more], { encoding: 'utf8', timeout: 240_000 }).stdout;
  expect(text(['--rank-epochs'])).toMatch(/^epoch +1 .* NDCG@10 0\.\d{4} /m);
  expect(text([])).not.toMatch(/^epoch .*NDCG/m);
});

it("profile says where an epoch's time goes: the kernels by name, tfjs, the app; the shares add up to 1", () => {
  const [line] = run('profile.ts', [file, '--epochs', '6', '--json']);
  const share = line.share as Record<string, number>;
  expect(Object.values(share).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
  // the multiply-add kernels by name (which of them a sample of a short run catches varies: rowsumx, rowaxpy, dots4, adam, ...)
  expect(Object.keys(share).some((k) => /^kernel (rowsumx?|rowaxpy|dots4?|adam|axpy[48]?)$/.test(k)), JSON.stringify(share)).toBe(true);
  expect(line.kernelShare).toBeGreaterThan(0);
  expect(line.kernelShare).toBeLessThan(1);
});

it('bench:parse prints rows, time, speed and heap', () => {
  const [line] = run('bench-parse.ts', [file]);
  expect(line.rows).toBeGreaterThan(1000);
  expectFinite(line, ['ms', 'rowsPerSec', 'heapMB']);
});

it("bench:adam times the shipped Adam kernel in L2 and from memory beside a copy, and the kernel did step the weights", () => {
  const lines = run('bench-adam.ts', ['--floats', '65536', '--rounds', '1']);
  expect(lines.map((l) => l.what)).toEqual(['adam, in L2', 'adam, from memory', 'copy, from memory']);
  for (const l of lines) expectFinite(l, ['nsPerWeight', 'gbPerSec']);
  expect(lines[0]).toMatchObject({ floats: 8192, stepped: true });
  expect(lines[1]).toMatchObject({ floats: 65536, stepped: true });
});

it('bench trains through the built app in Chromium and prints a line per backend', () => {
  const lines = run('bench.ts', ['--data', file, '--backend', 'cpu,wasm', '--epochs', '2', '--hidden', '8']);
  expect(lines.map((l) => l.backend)).toEqual(['cpu', 'wasm']);
  for (const l of lines) {
    expect(l).toMatchObject({ dataset: 'u.data', epochs: 2 });
    expectFinite(l, ['msPerEpochMedian', 'msPerEpochMin', 'finalTestRmse', 'peakTensors']);
    expect(l.threads, 'every core by default (the badge\'s count)').toBeGreaterThanOrEqual(1);
  }
}, 240_000);

it('bench:peer alternates peer and ours over the repeats and prints a line per system and the ratio, the peer skipped with a reason where PyTorch or its script is absent', () => {
  const peerScript = '../shared/reference/ref_autorec_sparse.py';
  const lines = run('bench-peer.ts', ['--data', file, '--epochs', '2', '--hidden', '8', '--backend', 'wasm', '--threads', '1', '--repeats', '2', '--peer', peerScript, '--peer-threads', '1']);
  const setup = lines[0];
  expect(setup).toMatchObject({ setup: true, repeats: 2, epochs: 2 });
  const peer = lines.find((l) => l.system === 'peer' && !('repeat' in l)) ?? {};
  const ours = lines.find((l) => l.system === 'ours' && !('repeat' in l)) ?? {};
  expect(peer).toMatchObject({ system: 'peer', backend: 'pytorch-cpu' });
  expect(ours).toMatchObject({ system: 'ours', backend: 'wasm', compute: 'sparse', threads: 1, repeats: 2, validRatings: 0 });
  expect(String(ours.threadsNote)).toMatch(/^1 CPU thread for the sparse kernels/);
  const summaryKeys = ['msPerEpochMedian', 'msPerEpochMin', 'msPerEpochMax', 'finalTestRmse', 'lowestTestRmse'];
  expectFinite(ours, [...summaryKeys, 'trainRatings', 'testRatings']);
  expect(ours.trainRatings).toBe(setup.trainRatings);
  expect(ours.testRatings).toBe(setup.testRatings);
  const repeats = lines.filter((l) => 'repeat' in l).map((l) => `${String(l.system)} ${String(l.repeat)}`);
  if ('skipped' in peer) {
    expect(String(peer.skipped)).toMatch(/PyTorch|peer/);
    expect(repeats).toEqual(['ours 1', 'ours 2']);
    expect(lines.some((l) => 'ratio' in l)).toBe(false);
  } else {
    expect(repeats).toEqual(['peer 1', 'ours 1', 'peer 2', 'ours 2']);
    expect(peer).toMatchObject({ threads: 1, repeats: 2, trainRatings: setup.trainRatings, testRatings: setup.testRatings });
    expectFinite(peer, summaryKeys);
    const ratio = lines.find((l) => 'ratio' in l) ?? {};
    expect(ratio).toMatchObject({ peerThreads: 1, oursThreads: 1 });
    expectFinite(ratio, ['ratio', 'finalTestRmseDiff']);
  }
  for (const l of [peer, ours]) expect(l.error, `a repeat failed: ${String(l.error)}`).toBeUndefined();
}, 240_000);

it('bench:gpu trains on tfjs-webgpu over Dawn and prints a line per case with finite figures, where Dawn finds an adapter', (ctx) => {
  const r = spawnSync('npx', ['tsx', 'scripts/bench-gpu.ts', '--data', file, '--shapes', 'none', '--epochs', '1', '--hidden', '8'], { encoding: 'utf8', timeout: 240_000 });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  if (r.status === 3) {
    // No adapter: allowed, except where the SwiftShader set-up is installed on CI (then it must run).
    const required = webGpuInNodeRequired();
    expect(required, `bench:gpu must run (${required}) but: ${String(lines[0]?.skipped)}`).toBeUndefined();
    expect(lines[0]).toMatchObject({ adapter: null, skipped: expect.any(String) });
    console.warn(`bench:gpu test skipped: ${String(lines[0].skipped)}`);
    ctx.skip();
    return;
  }
  expect(r.status, r.stderr).toBe(0);
  expect(lines[0]).toMatchObject({ setup: true, epochs: 1, cases: ['u.data'] });
  const cases = lines.slice(1);
  expect(cases.map((l) => l.compute)).toEqual(['dense', 'sparse']);
  for (const l of cases) {
    expect(l).toMatchObject({ adapter: lines[0].adapter, shape: 'u.data', variant: 'I', epochs: 1 });
    expect(l.skipped ?? l.error).toBeUndefined();
    expectFinite(l, ['msPerEpochMedian', 'gflops', 'gpuBytes', 'testRmse']);
    // every figure on the line, not only those named
    for (const [k, v] of Object.entries(l)) {
      for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'number') expect(Number.isFinite(x), `${k} = ${x} in ${JSON.stringify(l)}`).toBe(true);
    }
  }
}, 240_000);
