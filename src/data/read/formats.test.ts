import { describe, expect, it } from 'vitest';
import { delimiterOf, detectLayout, type Layout } from './formats';

const layout = (line: string): Layout => {
  const r = detectLayout(line);
  if (!r.ok) throw new Error(r.reason);
  return r.layout;
};

describe('detectLayout, from the first non-empty line', () => {
  it('names the MovieLens formats', () => {
    expect(layout('196\t242\t3\t881250949')).toMatchObject({ delimiter: 9, hasHeader: false, format: expect.stringMatching(/^MovieLens 100K u\.data/) });
    expect(layout('1::1193::5::978300760')).toMatchObject({ delimiter: 58, double: true, format: expect.stringMatching(/^MovieLens 1M\/10M ratings\.dat/) });
    expect(layout('userId,movieId,rating,timestamp')).toMatchObject({ delimiter: 44, hasHeader: true, user: 0, item: 1, rating: 2, format: expect.stringMatching(/^MovieLens ratings\.csv/) });
  });

  it('finds generic columns by header name, in any order and case', () => {
    expect(layout('Timestamp,Movie_ID,User ID,Score')).toMatchObject({ user: 2, item: 1, rating: 3, minFields: 4, hasHeader: true, format: 'CSV with header (User ID, Movie_ID, Score)' });
    expect(layout('"item_id"\t"user_id"\t"rating"')).toMatchObject({ delimiter: 9, user: 1, item: 0, rating: 2 });
    expect(layout('uid,iid,rating')).toMatchObject({ user: 0, item: 1, rating: 2 });
  });

  it('takes a line with a number among its first three fields as data, columns 0, 1, 2', () => {
    expect(layout('1,2,3')).toMatchObject({ user: 0, item: 1, rating: 2, hasHeader: false, format: 'CSV without header (user, item, rating)' });
    expect(layout('1\t2\t3')).toMatchObject({ format: 'TSV without header (user, item, rating)' });
    expect(layout('alice,2,3')).toMatchObject({ hasHeader: false });
  });

  it("reads ';' between fields (European spreadsheets), commas then being decimal marks", () => {
    expect(layout('1;2;3')).toMatchObject({ delimiter: 59, double: false, hasHeader: false, format: expect.stringMatching(/^';'-separated without header/) });
    expect(layout('1;31;2,5;1260759144')).toMatchObject({ delimiter: 59, user: 0, item: 1, rating: 2 });
    expect(layout('userId;movieId;rating;timestamp')).toMatchObject({ delimiter: 59, hasHeader: true, format: "';'-separated with header (userId, movieId, rating)" });
    expect(layout('"user";"item";"score"')).toMatchObject({ delimiter: 59, user: 0, item: 1, rating: 2 });
    // more commas than semicolons: a CSV whose text happens to hold a ';'
    expect(layout('1,2,4,"great; really"')).toMatchObject({ delimiter: 44 });
    expect(delimiterOf('1;2;3,5')).toBe(';');
    expect(delimiterOf('1,2,3')).toBe(',');
    expect(delimiterOf('1 2 3')).toBeUndefined();
  });

  it('explains what is wrong', () => {
    expect(detectLayout('1|2|3')).toEqual({ ok: false, reason: expect.stringMatching(/found '\|'/) });
    expect(detectLayout('name,when,where')).toEqual({ ok: false, reason: 'header "name,when,where" has no user, item/movie, rating column' });
  });
});
