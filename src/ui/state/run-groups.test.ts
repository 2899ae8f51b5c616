import { expect, it } from 'vitest';
import { groupByDataset, runsOnChart } from './run-groups';
import { runRecord } from '../../testing/run-records';

const rec = runRecord;

it('draws earlier runs of the loaded dataset only, unless other data is asked for, and groups the list by dataset', () => {
  const runs = [rec('a', 'u.data', 1), rec('b', 'ratings.csv', 2), rec('c', 'u.data', 3, { visible: false }), rec('d', 'ratings.csv', 4, { visible: false, pinned: true }), rec('e', 'demo', 5)];
  expect(runsOnChart(runs, 'u.data', false).map((r) => r.id)).toEqual(['a']);
  expect(runsOnChart(runs, 'ratings.csv', false).map((r) => r.id)).toEqual(['b', 'd']);
  expect(runsOnChart(runs, 'u.data', true).map((r) => r.id)).toEqual(['a', 'b', 'd', 'e']);
  expect(runsOnChart(runs, undefined, false).map((r) => r.id)).toEqual(['a', 'b', 'd', 'e']); // no data loaded: nothing to tell apart

  const groups = groupByDataset(runs, 'u.data');
  expect(groups.map((g) => [g.dataset, g.current])).toEqual([
    ['u.data', true],
    ['demo', false],
    ['ratings.csv', false],
  ]);
  expect(groups[0].runs.map((r) => [r.run.id, r.number])).toEqual([
    ['a', 1],
    ['c', 3],
  ]);
  expect(groups[2].runs.map((r) => r.number)).toEqual([2, 4]); // numbered as in the whole history
});
