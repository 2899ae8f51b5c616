import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from '../config/settings';
import { modelFileName } from './model-file-name';

it('names a model file after its data, model, size and epochs', () => {
  expect(modelFileName('ml-100k.zip \u203a ml-100k/u.data', D2L_DEFAULTS, 50)).toBe('ml-100k-I-AutoRec-h500-epoch50.zip');
  expect(modelFileName('ratings.csv', { ...D2L_DEFAULTS, variant: 'U', hidden: 300 }, 7)).toBe('ratings-U-AutoRec-h300-epoch7.zip');
  expect(modelFileName('demo', { ...D2L_DEFAULTS, model: 'plus', extraLayers: 1 }, 3)).toBe('demo-I-AutoRec+-h500x2-epoch3.zip');
  expect(modelFileName('u1.base (model file ml-100k-I-AutoRec-h500-epoch50.zip)', D2L_DEFAULTS, 60)).toBe('u1-I-AutoRec-h500-epoch60.zip');
  expect(modelFileName('my ratings (2024).csv', D2L_DEFAULTS, 1)).toBe('my-ratings-2024-I-AutoRec-h500-epoch1.zip');
});
