import { expect, it } from 'vitest';
import { colorOfId, HISTORY_COLORS, pickColor, PINNED_COLOR, runColor } from './run-colors';
import { runRecord } from '../../testing/run-records';
import type { RunRecord } from './runs';
import { upgradeRun } from './upgrade-run';

const rec = runRecord;

it('gives each run a colour of its own that does not depend on which runs are shown, and keeps it', () => {
  // A run saved without a colour (an earlier version) gets one from its id alone: the same on every load.
  expect(colorOfId('run-1700000000000')).toBe(colorOfId('run-1700000000000'));
  expect(HISTORY_COLORS).toContain(colorOfId('run-1'));
  expect(new Set(['run-1', 'run-2', 'run-3', 'run-4', 'run-5'].map(colorOfId)).size).toBeGreaterThan(1);
  // A new run takes the least used colour.
  const runs: RunRecord[] = [];
  for (let k = 0; k < HISTORY_COLORS.length; k++) runs.push(rec(`r${k}`, 'u.data', k, { color: pickColor(runs) }));
  expect(new Set(runs.map((r) => r.color)).size).toBe(HISTORY_COLORS.length);
  expect(pickColor(runs.filter((r) => r.id !== 'r3'))).toBe(runs[3].color); // a deleted run's colour is free again
  // The colour a run is drawn in is its own, whatever runs are hidden or filtered before it; pinned runs take the pinned colour.
  const stored = rec('x', 'u.data', 9, { color: '#16a085' });
  expect(runColor(stored)).toBe('#16a085');
  expect(runColor({ ...stored, pinned: true })).toBe(PINNED_COLOR);
  expect(runColor(upgradeRun(JSON.parse(JSON.stringify(stored)) as RunRecord))).toBe('#16a085'); // through IndexedDB and upgradeRun
  expect(runColor(rec('run-42', 'u.data', 1))).toBe(colorOfId('run-42'));
});
