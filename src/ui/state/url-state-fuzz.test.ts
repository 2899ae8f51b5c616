import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKEND_CHOICES } from '../../config/config';
import { checkSetting, configToQuery, PAGE_DEFAULTS, SETTING_KEYS, SETTINGS, validateConfig } from '../../config/settings';
import { parseSpace, TUNABLE } from '../../config/tune-space';
import { runs } from '../../testing/fuzz-runs';
import { queryToConfig, queryToSpace, spaceToQuery } from './url-state';

// Property tests of the URL state (fast-check): any query string gives valid settings (the page defaults where it
// says nothing usable) and notes naming what was ignored and why; never a throw. A failure prints its seed.

const URL_KEYS = SETTING_KEYS.map((k) => SETTINGS[k].url);

/** Values a link might carry, right and wrong: numbers written every way, the settings' own words, text, JSON. */
const value = fc.oneof(
  fc.integer({ min: -5, max: 20_000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom('', ' ', '0', '-0', '1e3', '0x10', ' 5 ', '1.5', '.5', 'Infinity', 'NaN', '1,5', '١٢', 'true', 'null', '%', '%zz', '+', '&', '='),
  fc.constantFrom(...SETTING_KEYS.flatMap((k) => (SETTINGS[k].rule.kind === 'enum' ? [...(SETTINGS[k].rule as { options: readonly string[] }).options] : []))),
  fc.constantFrom('random', 'file', 'u1', 'ub', 'u6', ...BACKEND_CHOICES, 'cuda'),
  fc.string({ maxLength: 12 }),
  fc.json({ maxDepth: 2 }),
);
const key = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...URL_KEYS, 'backend', 'space') }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
const encode = fc.constantFrom((s: string) => s, encodeURIComponent);
/** A query string: pairs of keys and values, encoded or not, with a leading '?' or not; or any text at all. */
const query = fc.oneof(
  fc.tuple(fc.array(fc.tuple(key, value, encode), { maxLength: 8 }), fc.constantFrom('?', '')).map(([pairs, lead]) => lead + pairs.map(([k, v, e]) => `${e(k)}=${e(v)}`).join('&')),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

describe('property: any query gives the defaults plus named notes, never a throw', () => {
  it(`settings: valid, the defaults where the query names nothing usable, a note for every bad value (${runs(2000)} runs)`, () => {
    fc.assert(
      fc.property(query, (search) => {
        const { config, backend, ignored } = queryToConfig(search);
        const again = validateConfig(config, PAGE_DEFAULTS);
        expect(again).toEqual({ ok: true, config });
        expect(BACKEND_CHOICES).toContain(backend);
        for (const note of ignored) expect(note).toMatch(/^\S.*\S$/s);
        const q = new URLSearchParams(search);
        if (!q.has('model')) for (const k of SETTING_KEYS) if (!q.has(SETTINGS[k].url)) expect(config[k], k).toBe(PAGE_DEFAULTS[k]);
        for (const k of SETTING_KEYS) {
          const v = q.get(SETTINGS[k].url);
          if (v !== null && checkSetting(k, v)) expect(ignored.some((n) => n.startsWith(`${SETTINGS[k].url}: `)), `a note for ${SETTINGS[k].url}=${v}`).toBe(true);
        }
      }),
      { numRuns: runs(2000) },
    );
  });

  it(`what the page writes back reads back the same, with no note (${runs(2000)} runs)`, () => {
    fc.assert(
      fc.property(query, (search) => {
        const { config, backend } = queryToConfig(search);
        expect(queryToConfig(configToQuery(config, backend))).toEqual({ config, backend, ignored: [] });
      }),
      { numRuns: runs(2000) },
    );
  });

  it(`the search space: valid, the default where the query has none usable, notes saying "space: …"; written back, read back the same (${runs(2000)} runs)`, () => {
    const dims = fc.dictionary(fc.oneof(fc.constantFrom(...TUNABLE), fc.string({ maxLength: 5 })), fc.oneof(fc.array(value, { maxLength: 4 }), fc.array(fc.double(), { maxLength: 3 }), value));
    const spaceQuery = fc.oneof(query, dims.map((d) => `?space=${encodeURIComponent(JSON.stringify(d))}`));
    fc.assert(
      fc.property(spaceQuery, (search) => {
        const { space, ignored } = queryToSpace(search);
        expect(parseSpace(space).ok).toBe(true);
        for (const note of ignored) expect(note).toMatch(/^space: \S/);
        expect(queryToSpace(`?${spaceToQuery(space).slice(1)}`)).toEqual({ space, ignored: [] });
      }),
      { numRuns: runs(2000) },
    );
  });
});
