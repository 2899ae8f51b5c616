import { describe, expect, it } from 'vitest';
import { blob } from '../testing/fixtures';
import { parseRatingsFile } from './read/parse';
import { ratingValueCounts, summarize } from './summary';

describe('summarize', () => {
  it('gives counts, density, scale, a sorted histogram, titles and notes as plain JSON', async () => {
    const r = await parseRatingsFile(blob('userId,movieId,rating\n1,1,4\n1,2,0.5\n2,1,4\n3,3,7.25\n3,3,5\n'), 'r.csv');
    if (!r.ok) throw new Error(r.error.message);
    const s = summarize({ ...r.value, titles: ['A', '', 'C'] });
    expect(s).toEqual({
      format: r.value.format,
      source: 'r.csv',
      users: 3,
      items: 3,
      ratings: 4,
      density: 4 / 9,
      ratingMin: 0.5,
      ratingMax: 5,
      histogram: [
        [0.5, 1],
        [4, 2],
        [5, 1],
      ],
      titles: 2,
      presetSplits: [],
      notes: ['1 duplicate (user, item) rating: later line kept (first at line 6, duplicating line 5)'],
    });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('ratingValueCounts counts any rating value, in order', () => {
    expect(ratingValueCounts(Float32Array.from([3, 7.25, 0.5, 3, 10, 7.25, 1.5]))).toEqual([
      [0.5, 1],
      [1.5, 1],
      [3, 2],
      [7.25, 2],
      [10, 1],
    ]);
  });
});
