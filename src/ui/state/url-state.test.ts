import { expect, it } from 'vitest';
import { D2L_DEFAULTS, PAGE_DEFAULTS } from '../../config/settings';
import { configToQuery } from '../../config/settings';
import { queryToConfig } from './url-state';

it('round-trips every setting through the URL', () => {
  const config = { ...D2L_DEFAULTS, variant: 'U' as const, hidden: 64, extraLayers: 1, encoder: 'elu' as const, l2: 10, learningRate: 0.0032, split: 'u1', patience: 7, splitSeed: 3, validRatio: 0.1 };
  expect(queryToConfig(configToQuery(config, 'wasm'))).toEqual({ config, backend: 'wasm', ignored: [] });
});

it('keeps defaults for missing or nonsense values, and says which were ignored and why', () => {
  const { config, backend, ignored } = queryToConfig('?hidden=-3&opt=nope&backend=cuda&lr=abc&batch=2.5&dropout=1');
  expect({ config, backend }).toEqual({ config: PAGE_DEFAULTS, backend: 'auto' });
  expect(PAGE_DEFAULTS).toEqual({ ...D2L_DEFAULTS, epochs: 0 }); // the page trains until stopped; a link may set a cap
  expect(ignored).toHaveLength(6);
  expect(ignored.join('\n')).toMatch(/hidden units must be at least 1/);
  expect(ignored.join('\n')).toMatch(/batch size must be a whole number/);
  expect(ignored.join('\n')).toMatch(/dropout must be at least 0 and below 1/);
});

it('refuses a combination the validator refuses (patience without validation) as a whole', () => {
  const { config, ignored } = queryToConfig('?patience=5&valid=0');
  expect(config).toEqual(PAGE_DEFAULTS);
  expect(ignored.join()).toMatch(/patience .* needs a validation share/);
});

it('"-0" reads as 0, so what the page writes back reads back the same (fast-check found dropout=-0 coming back as 0)', () => {
  const { config, backend, ignored } = queryToConfig('?dropout=-0&l2=-0');
  expect(ignored).toEqual([]);
  expect(Object.is(config.dropout, 0) && Object.is(config.l2, 0)).toBe(true);
  expect(queryToConfig(configToQuery(config, backend))).toEqual({ config, backend, ignored: [] });
});
