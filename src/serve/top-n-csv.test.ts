import { expect, it } from 'vitest';
import { topNCsvRows } from './top-n-csv';

it('writes CSV rows with raw ids, ranks, quoted titles, the clipped prediction and the unclipped score', () => {
  const rows = topNCsvRows(
    { users: Int32Array.of(0, 1), items: Int32Array.of(1, 0, 0, -1), scores: Float32Array.of(5.25, 5.125, 3.25, NaN), done: 2, total: 2 },
    { userIds: Int32Array.of(10, 20), itemIds: Int32Array.of(7, 8), titles: ['Heat', 'Crouching Tiger, "Hidden" Dragon'], ratingMin: 1, ratingMax: 5 },
  );
  expect(rows).toBe('10,1,8,"Crouching Tiger, ""Hidden"" Dragon",5.0000,5.2500\n10,2,7,Heat,5.0000,5.1250\n20,1,7,Heat,3.2500,3.2500\n');
});
