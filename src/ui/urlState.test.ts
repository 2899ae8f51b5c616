import { expect, it } from 'vitest';
import { D2L_DEFAULTS } from '../model/config';
import { configToQuery, queryToConfig } from './urlState';

it('round-trips every setting through the URL', () => {
  const config = { ...D2L_DEFAULTS, variant: 'U' as const, hidden: 64, extraLayers: 1, encoder: 'elu' as const, l2: 10, learningRate: 0.0032, split: 'u1' };
  expect(queryToConfig(configToQuery(config, 'wasm'))).toEqual({ config, backend: 'wasm' });
});

it('keeps defaults for missing or nonsense values', () => {
  expect(queryToConfig('?hidden=-3&opt=nope&backend=cuda&lr=abc')).toEqual({ config: D2L_DEFAULTS, backend: 'auto' });
});
