import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { generateDemo, toUDataText } from '../../src/data/demo';
import { commandLines } from '../lib/command-lines';
import { decodeNetwork } from '../../src/serve/model-file-read';
import { recommendNamed } from '../../src/serve/recommend-named';
import { servedNetwork } from '../../src/serve/served';
import { openModel } from '../../src/serve/saved-model';

const lines = commandLines;

const dir = mkdtempSync(join(tmpdir(), 'autorec-model-'));
const data = join(dir, 'u.data');
const model = join(dir, 'model.zip');
const resumed = join(dir, 'resumed.zip');
writeFileSync(data, toUDataText(generateDemo({ users: 70, items: 50, ratings: 1300, seed: 8 })));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('train --save, train --resume --save: the resumed run goes on from the saved epoch', () => {
  const first = lines('train.ts', [data, '--hidden', '8', '--epochs', '2', '--backend', 'cpu', '--json', '--save', model]);
  expect(first.find((l) => l.saved)).toMatchObject({ saved: model, epoch: 2 });
  const second = lines('train.ts', ['--resume', model, '--epochs', '2', '--backend', 'cpu', '--json', '--save', resumed]);
  expect(second[0]).toMatchObject({ resume: true, epoch: 2 });
  expect(second.filter((l) => l.epoch !== undefined && !l.resume && !l.saved).map((l) => l.epoch)).toEqual([3, 4]);
  expect(second.find((l) => l.saved)).toMatchObject({ epoch: 4 });
}, 120_000);

it('recommend --user prints what the app shows for that user (the same function on the same file)', async () => {
  const [printed] = lines('recommend.ts', [resumed, '--user', '3', '--backend', 'cpu', '--json']);
  const opened = decodeNetwork(new Uint8Array(readFileSync(resumed)));
  if (!opened.ok) throw new Error(opened.error);
  const m = await openModel(opened.model, 'cpu');
  const r = await recommendNamed(servedNetwork(m.trainer), m.split, m.dataset, 3);
  m.trainer.dispose();
  if (!r.ok) throw new Error(r.error);
  expect((printed.top as unknown[]).length).toBe(10);
  expect(printed).toEqual(JSON.parse(JSON.stringify(r.result)));
}, 60_000);

it('recommend --all writes every user\'s top-n as CSV, its first rows those of --user', () => {
  const csv = join(dir, 'top.csv');
  const [summary] = lines('recommend.ts', [resumed, '--all', '--out', csv, '--n', '5', '--backend', 'cpu', '--block-floats', '500', '--json']);
  expect(summary).toMatchObject({ all: true, users: 70, n: 5 });
  const rows = readFileSync(csv, 'utf8').trim().split('\n');
  expect(rows[0]).toBe('user,rank,item,title,predicted,score');
  // every user, at most 5 rows each (fewer where fewer unseen items have enough training ratings)
  const perUser = new Map<string, number>();
  for (const row of rows.slice(1)) perUser.set(row.split(',')[0], (perUser.get(row.split(',')[0]) ?? 0) + 1);
  expect(perUser.size).toBe(70);
  expect(Math.max(...perUser.values())).toBe(5);
  const [one] = lines('recommend.ts', [resumed, '--user', rows[1].split(',')[0], '--n', '5', '--backend', 'cpu', '--json']);
  const top = one.top as { item: number; predicted: number; score: number }[];
  rows.slice(1, 6).forEach((row, k) => {
    const [, rank, item, , predicted, score] = row.split(',');
    expect(Number(rank)).toBe(k + 1);
    expect(Number(predicted)).toBeCloseTo(top[k].predicted, 3);
    expect(Number(score)).toBeCloseTo(top[k].score, 3);
    expect(Number(item)).toBe(top[k].item);
  });
}, 60_000);

it('recommend refuses a file that is not a model, saying why', () => {
  let err = '';
  try {
    execFileSync('npx', ['tsx', 'scripts/recommend.ts', data, '--user', '1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    err = String((e as { stderr?: string }).stderr);
  }
  expect(err).toMatch(/u\.data: not a zip archive/);
}, 60_000);
