import { expect, it } from 'vitest';
import { topNCsvRows } from './top-n-csv';

it('writes CSV rows with raw ids, ranks and quoted titles', () => {
  const rows = topNCsvRows(
    { users: Int32Array.of(0, 1), items: Int32Array.of(1, 0, 0, -1), scores: Float32Array.of(4.5, 4, 3.25, NaN), done: 2, total: 2 },
    { userIds: Int32Array.of(10, 20), itemIds: Int32Array.of(7, 8), titles: ['Heat', 'Crouching Tiger, "Hidden" Dragon'] },
  );
  expect(rows).toBe('10,1,8,"Crouching Tiger, ""Hidden"" Dragon",4.5000\n10,2,7,Heat,4.0000\n20,1,7,Heat,3.2500\n');
});
