import { expect, it } from 'vitest';
import { exportName, sourceStem } from './source-name';

it('names exports after their data and the day', () => {
  expect(sourceStem('ml-100k.zip \u203a ml-100k/u.data')).toBe('ml-100k');
  expect(sourceStem('ratings.csv')).toBe('ratings');
  expect(sourceStem('demo')).toBe('demo');
  expect(sourceStem('u1.base (model file ml-100k-I-AutoRec-h500-epoch50.zip)')).toBe('u1');
  expect(exportName('ml-100k.zip \u203a ml-100k/u.data', 'tune', 'csv', new Date('2026-12-07T10:00:00Z'))).toBe('ml-100k-tune-2026-12-07.csv');
});
