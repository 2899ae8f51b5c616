import { expect, it } from 'vitest';
import { DEFAULT_TUNE_SPACE, queryToSpace, spaceToQuery } from './url-state';

it('carries a search space in the URL through the one space validator; the default space adds nothing', () => {
  expect(Object.keys(DEFAULT_TUNE_SPACE)).toEqual(['l2', 'hidden', 'dropout', 'learningRate']);
  expect(spaceToQuery(DEFAULT_TUNE_SPACE)).toBe('');
  const space = { l2: [0.1, 10, 'log'], encoder: ['sigmoid', 'elu'] };
  const q = spaceToQuery(space);
  expect(q.startsWith('&space=')).toBe(true);
  expect(queryToSpace(`?hidden=500${q}`)).toEqual({ space, ignored: [] });
  const bad = queryToSpace('?space=' + encodeURIComponent('{"dropout":[0,2]}'));
  expect(bad.space).toEqual(DEFAULT_TUNE_SPACE);
  expect(bad.ignored).toEqual(['space: dropout must be at least 0 and below 1, not 2']);
  expect(queryToSpace('?space=%7B').ignored[0]).toMatch(/^space: the search space is not valid JSON/);
});
