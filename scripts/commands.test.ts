import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateDemo, toUDataText } from '../src/data/demo';

// The headless commands run and print JSON lines; their figures are reported, never asserted.
const run = (script: string, args: string[]) =>
  execFileSync('npx', ['tsx', `scripts/${script}`, ...args], { encoding: 'utf8', timeout: 240_000, stdio: ['ignore', 'pipe', 'pipe'] })
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

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
  expect(lines[3]).toMatchObject({ summary: true, epochs: 2 });
  expectFinite(lines[3], ['selectedEpoch', 'validRmse', 'testRmse']);
});

it('bench:parse prints rows, time, speed and heap', () => {
  const [line] = run('bench-parse.ts', [file]);
  expect(line.rows).toBeGreaterThan(1000);
  expectFinite(line, ['ms', 'rowsPerSec', 'heapMB']);
});

it('bench trains through the built app in Chromium and prints a line per backend', () => {
  const lines = run('bench.ts', ['--data', file, '--backend', 'cpu,wasm', '--epochs', '2', '--hidden', '8']);
  expect(lines.map((l) => l.backend)).toEqual(['cpu', 'wasm']);
  for (const l of lines) {
    expect(l).toMatchObject({ dataset: 'u.data', epochs: 2 });
    expectFinite(l, ['msPerEpochMedian', 'msPerEpochMin', 'finalTestRmse', 'peakTensors']);
  }
}, 240_000);

it('bench:peer prints a line per system, the peer skipped with a reason where PyTorch or its script is absent', () => {
  const lines = run('bench-peer.ts', ['--data', file, '--epochs', '2', '--hidden', '8', '--backend', 'wasm']);
  const [peer, ours] = lines;
  expect(peer).toMatchObject({ system: 'peer', backend: 'pytorch-cpu', compute: 'dense' });
  if ('skipped' in peer) expect(String(peer.skipped)).toMatch(/PyTorch|peer/);
  else expectFinite(peer, ['msPerEpochMedian', 'finalTestRmse', 'lowestTestRmse']);
  expect(ours).toMatchObject({ system: 'ours', backend: 'wasm', compute: 'sparse' });
  expectFinite(ours, ['msPerEpochMedian', 'finalTestRmse', 'lowestTestRmse']);
  if (!('skipped' in peer)) expectFinite(lines[2], ['ratio']);
}, 240_000);
