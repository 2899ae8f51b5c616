import { describe, expect, it } from 'vitest';
import { IdMap } from './ids';

describe('IdMap', () => {
  it('gives dense indices in order of first appearance, through the table and beyond it', () => {
    const m = new IdMap();
    const ids = [5, 0, 2 ** 26 - 1, 2 ** 26, 5, 2 ** 31 - 1, 0, 1_000_000];
    expect(ids.map((id) => m.index(id))).toEqual([0, 1, 2, 3, 0, 4, 1, 5]);
    expect([...m.rawIds()]).toEqual([5, 0, 2 ** 26 - 1, 2 ** 26, 2 ** 31 - 1, 1_000_000]);
    expect(m.size).toBe(6);
  });

  it('find does not add, and refuses what is not an id', () => {
    const m = IdMap.from(Int32Array.from([7, 3]));
    expect([m.find(3), m.find(7), m.find(8), m.find(-1), m.find(1.5), m.find(NaN), m.find(2 ** 30)]).toEqual([1, 0, -1, -1, -1, -1, -1]);
    expect(m.size).toBe(2);
  });

  it('a lone large id does not make a large table; ids the table grows past later are still found', () => {
    const m = new IdMap();
    const tableLength = () => (m as unknown as { table: Int32Array }).table.length;
    expect(m.index(60_000_000)).toBe(0);
    expect(m.index(2_000_000)).toBe(1);
    expect(tableLength()).toBeLessThanOrEqual(1 << 20);
    for (let id = 0; id < 200_000; id++) m.index(id);
    expect(m.index(3_000_000)).toBe(200_002);
    expect(tableLength()).toBeGreaterThan(3_000_000);
    expect([m.find(2_000_000), m.index(2_000_000), m.find(2_000_000), m.find(60_000_000), m.index(60_000_000), m.find(2_000_001)]).toEqual([1, 1, 1, 0, 0, -1]);
    expect(m.size).toBe(200_003);
  });
});
