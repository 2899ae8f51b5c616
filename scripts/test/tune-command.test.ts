import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateDemo, toUDataText } from '../../src/data/demo';
import { commandLines } from '../lib/command-lines';

// npm run tune prints a JSON line per finished trial and a final line; figures are reported, never asserted.
const dir = mkdtempSync(join(tmpdir(), 'autorec-tune-'));
const file = join(dir, 'u.data');
writeFileSync(file, toUDataText(generateDemo({ users: 80, items: 60, ratings: 1500, seed: 4 })));
const spaceFile = join(dir, 'space.json');
writeFileSync(spaceFile, JSON.stringify({ hidden: [4, 16], l2: [0.001, 1, 'log'], encoder: ['sigmoid', 'elu'] }));

it('tune prints one JSON line per trial and a final {best, validRmse, testRmse, trials, minutes}', () => {
  const lines = commandLines('tune.ts', [file, '--trials', '3', '--max-epochs', '3', '--batch', '16', '--space', spaceFile, '--backend', 'cpu', '--json'], 120_000);
  expect(lines[0]).toMatchObject({ setup: true, backend: 'cpu', searched: ['l2', 'hidden', 'encoder'] });
  const trials = lines.filter((l) => 'trial' in l);
  expect(trials.map((l) => l.trial)).toEqual([1, 2, 3]);
  for (const t of trials) expect(Object.keys(t.values as object)).toEqual(['l2', 'hidden', 'encoder']);
  const last = lines.at(-1) as Record<string, unknown>;
  expect(Object.keys(last).slice(0, 5)).toEqual(['best', 'validRmse', 'testRmse', 'trials', 'minutes']);
  expect(last.trials).toBe(3);
  for (const k of ['validRmse', 'testRmse', 'minutes', 'testNdcg10', 'popularNdcg10']) expect(Number.isFinite(last[k]), `${k} in ${JSON.stringify(last)}`).toBe(true);
  expect(last.best).toMatchObject({ batchSize: 16, epochs: 3 });
});

it('tune refuses a bad space with the line of each reason, before reading data', () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ dropout: [0, 2] }));
  const r = spawnSync('npx', ['tsx', 'scripts/tune.ts', file, '--space', bad], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('dropout must be at least 0 and below 1, not 2');
});

it('tune --recipe plus --refit trains the blend\'s five members (I and U), refits the chosen ones and says so', () => {
  // on wasm: the members' 500-unit layers train there in a sixth of the time tfjs's cpu backend takes (the search above runs on cpu)
  const lines = commandLines('tune.ts', [file, '--recipe', 'plus', '--refit', '--max-epochs', '3', '--backend', 'wasm', '--json'], 180_000);
  expect(lines[0]).toMatchObject({ setup: true, recipe: 'plus' });
  const trials = lines.filter((l) => 'trial' in l) as { values: { variant: string; kernelDim: number } }[];
  expect(trials.map((t) => `${t.values.variant}${t.values.kernelDim}`)).toEqual(['I5', 'I5', 'I0', 'I0', 'U0']);
  const last = lines.at(-1) as { refit: boolean; members: number[]; validBySize: number[]; testRmse: number };
  expect(last.refit).toBe(true);
  expect(lines.filter((l) => 'refit' in l && !('best' in l)).map((l) => l.refit), 'one refit line per chosen member').toEqual(last.members);
  expect(last.validBySize).toHaveLength(5);
  expect(Number.isFinite(last.testRmse)).toBe(true);
  const bad = spawnSync('npx', ['tsx', 'scripts/tune.ts', file, '--recipe', 'nope'], { encoding: 'utf8', timeout: 60_000 });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('recipe must be one of plus, not "nope"');
});
