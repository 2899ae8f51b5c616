import { BACKEND_CHOICES, type BackendChoice, type TrainConfig } from '../../config/config';
import { PAGE_DEFAULTS, SETTINGS, SETTING_KEYS, checkSetting, validateConfig } from '../../config/settings';
import { DEFAULT_SPACE_JSON, parseSpace, searchedKeys, spaceToJson, type SpaceJson } from '../../config/tune-space';

/** Every setting in the URL under its short key (src/config/settings.ts), so a link reproduces a run's setup. */

/**
 * Settings from a query string, through the one validator: a missing value keeps its page default, a bad one
 * too, and `ignored` says which and why (shown to the user).
 */
export function queryToConfig(search: string): { config: TrainConfig; backend: BackendChoice; ignored: string[] } {
  const q = new URLSearchParams(search);
  const input: Partial<Record<keyof TrainConfig, unknown>> = {};
  const ignored: string[] = [];
  for (const k of SETTING_KEYS) {
    const v = q.get(SETTINGS[k].url);
    if (v === null) continue;
    const why = checkSetting(k, v);
    if (why) ignored.push(`${SETTINGS[k].url}: ${why}`);
    else input[k] = v;
  }
  // the page starts from PAGE_DEFAULTS: a run trains until the person stops it, unless the link sets an epoch cap
  let v = validateConfig(input, PAGE_DEFAULTS);
  if (!v.ok) {
    ignored.push(...v.errors);
    v = { ok: true, config: PAGE_DEFAULTS };
  }
  const b = q.get('backend');
  const backend = b !== null && (BACKEND_CHOICES as readonly string[]).includes(b) ? (b as BackendChoice) : 'auto';
  if (b !== null && backend !== b) ignored.push(`backend: must be one of ${BACKEND_CHOICES.join(', ')}, not "${b}"`);
  return { config: v.config, backend, ignored };
}

/** The Tune panel's default space: the searched dimensions of DEFAULT_SPACE_JSON (the rest keep the settings' values). */
export const DEFAULT_TUNE_SPACE: SpaceJson = (() => {
  const p = parseSpace(DEFAULT_SPACE_JSON);
  if (!p.ok) throw new Error(p.errors.join('; '));
  return spaceToJson(Object.fromEntries(searchedKeys(p.value).map((k) => [k, p.value[k]])));
})();

/** The search space in the URL (`space`, JSON), through the one space validator; a bad one keeps the default and says why. */
export function queryToSpace(search: string): { space: SpaceJson; ignored: string[] } {
  const raw = new URLSearchParams(search).get('space');
  if (raw === null) return { space: DEFAULT_TUNE_SPACE, ignored: [] };
  const p = parseSpace(raw);
  return p.ok ? { space: spaceToJson(p.value), ignored: [] } : { space: DEFAULT_TUNE_SPACE, ignored: p.errors.map((e) => `space: ${e}`) };
}

/** `&space=...` when the space is not the default one (a link then carries it), else nothing. */
export function spaceToQuery(space: SpaceJson): string {
  const json = JSON.stringify(space);
  return json === JSON.stringify(DEFAULT_TUNE_SPACE) ? '' : `&${new URLSearchParams({ space: json }).toString()}`;
}
