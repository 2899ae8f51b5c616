import { describe, expect, it } from 'vitest';
import { blob } from '../testing/fixtures';
import { joinTestSet } from './join';
import { parseRatingsFile } from './read/parse';
import type { Dataset } from './types';

async function load(text: string, name: string): Promise<Dataset> {
  const r = await parseRatingsFile(blob(text), name);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('joinTestSet: a second file as the test set', () => {
  it('maps test ids into the base dense ids and appends ids the base never saw', async () => {
    const base = await load('10\t100\t4\n20\t200\t3\n10\t200\t5\n', 'u1.base');
    const test = await load('20\t100\t2\n30\t200\t1\n10\t300\t4.5\n30\t300\t3\n', 'u1.test');
    const j = joinTestSet(base, test);
    expect(j.dataset.numUsers).toBe(3);
    expect(j.dataset.numItems).toBe(3);
    expect([...j.dataset.userIds]).toEqual([10, 20, 30]);
    expect([...j.dataset.itemIds]).toEqual([100, 200, 300]);
    expect([...j.test.users]).toEqual([1, 2, 0, 2]);
    expect([...j.test.items]).toEqual([0, 1, 2, 2]);
    expect([...j.test.ratings]).toEqual([2, 1, 4.5, 3]);
    expect(j.unseenUsers).toBe(2);
    expect(j.unseenItems).toBe(2);
    expect(j.dataset.ratings).toBe(base.ratings);
    expect([j.dataset.ratingMin, j.dataset.ratingMax]).toEqual([1, 5]);
  });

  it('leaves the base untouched when every test id is known, and extends titles with blanks otherwise', async () => {
    const base = { ...(await load('1,1,4\n2,2,3\n', 'train.csv')), titles: ['A', 'B'] };
    const same = joinTestSet(base, await load('2,1,5\n', 'test.csv'));
    expect(same).toMatchObject({ unseenUsers: 0, unseenItems: 0 });
    expect(same.dataset.itemIds).toBe(base.itemIds);
    expect(same.dataset.titles).toEqual(['A', 'B']);
    const more = joinTestSet(base, await load('1,7,5\n', 'test.csv'));
    expect(more.dataset.titles).toEqual(['A', 'B', '']);
    expect(more.unseenItems).toBe(1);
  });

  it("extends genres by item index as it extends titles: the test set's new items have none (a model file holds one per item)", async () => {
    const base = { ...(await load('1,1,4\n2,2,3\n', 'train.csv')), genres: { names: ['Drama', 'Comedy'], items: Int32Array.of(1, 2) } };
    const more = joinTestSet(base, await load('1,7,5\n1,8,4\n', 'test.csv'));
    expect(more.dataset.numItems).toBe(4);
    expect([...more.dataset.genres!.items]).toEqual([1, 2, 0, 0]);
    expect(more.dataset.genres!.names).toEqual(['Drama', 'Comedy']);
  });
});
