import { BACKEND_CHOICES, D2L_DEFAULTS, type BackendChoice, type TrainConfig } from '../model/config';
import { SETTINGS, SETTING_KEYS, checkSetting, configToQuery, validateConfig } from '../model/settings';

/** Every setting in the URL under its short key (src/model/settings.ts), so a link reproduces a run's setup. */
export { configToQuery };

/**
 * Settings from a query string, through the one validator: a missing value keeps its default, a bad one
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
  let v = validateConfig(input);
  if (!v.ok) {
    ignored.push(...v.errors);
    v = { ok: true, config: D2L_DEFAULTS };
  }
  const b = q.get('backend');
  const backend = b !== null && (BACKEND_CHOICES as readonly string[]).includes(b) ? (b as BackendChoice) : 'auto';
  if (b !== null && backend !== b) ignored.push(`backend: must be one of ${BACKEND_CHOICES.join(', ')}, not "${b}"`);
  return { config: v.config, backend, ignored };
}
