import { describe, expect, it } from 'vitest';
import { parseDecimal, parseId } from './parse-fields';

const bytes = (s: string) => new TextEncoder().encode(s);
const dec = (s: string) => parseDecimal(bytes(s), 0, s.length);
const id = (s: string) => parseId(bytes(s), 0, s.length, 'user');

describe('field parsers', () => {
  it('parseDecimal reads integers and decimals, padded or quoted, and nothing else', () => {
    expect(['4', '3.5', ' 4.0 ', '"5"', '0.5', '.5', '-2', '7.25', '10'].map(dec)).toEqual([4, 3.5, 4, 5, 0.5, 0.5, -2, 7.25, 10]);
    expect(['', ' ', '-', '.', '5.', '4,5', '3e1', 'five', '1.2.3'].map(dec).every(Number.isNaN)).toBe(true);
  });

  it('parseId reads non-negative integers below 2^31 and explains the rest', () => {
    expect(['0', '42', ' "7" ', '2147483647'].map(id)).toEqual([0, 42, 7, 2 ** 31 - 1]);
    expect(['', '-3', '1.5', 'x1', '2147483648'].map(id)).toEqual([
      'user id is missing',
      'user id -3 is negative',
      'user id "1.5" is not a whole number',
      'user id "x1" is not a whole number',
      'user id 2147483648 is too large (ids must be below 2^31)',
    ]);
  });
});
