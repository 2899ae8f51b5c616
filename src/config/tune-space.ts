import type { TrainConfig } from './config';
import { isNumeric, type Parsed } from './rules';
import { checkSetting, SETTING_KEYS, SETTINGS, validateConfig, type SettingTable } from './settings';

/**
 * What a search may vary, and the one rule book for a search space (the Tune panel, the URL's `space`, the
 * `--space` JSON file of `npm run tune`): each value is checked by the setting's own rule in settings.ts.
 *
 * As JSON: a numeric setting is `[min, max]` or `[min, max, "log"]` (min = max fixes it); a choice is the
 * list of its options (one option fixes it). Settings left out keep the base settings' value.
 */
export type Tunable = { [K in keyof SettingTable]: SettingTable[K] extends { search: object } ? K : never }[keyof SettingTable];

const at = (k: keyof TrainConfig) => SETTINGS[k].search?.at;

/** The settings with a `search` entry in settings.ts, in the order of their `at` (a draw's coordinates follow it). */
export const TUNABLE: readonly Tunable[] = (SETTING_KEYS.filter((k) => at(k) !== undefined) as Tunable[]).sort((a, b) => (at(a) ?? 0) - (at(b) ?? 0));

export interface RangeDim {
  kind: 'range';
  min: number;
  max: number;
  log: boolean;
  /** Whole numbers (hidden units, extra layers). */
  int: boolean;
}
export interface ChoiceDim {
  kind: 'choice';
  options: string[];
}
export type Dim = RangeDim | ChoiceDim;
export type SearchSpace = Partial<Record<Tunable, Dim>>;

/** The JSON form of a space (file, URL). */
export type SpaceJson = Partial<Record<Tunable, (number | string)[]>>;

/** The default space: each searchable setting's `search.space` in settings.ts (see the note above its table). */
export const DEFAULT_SPACE_JSON: SpaceJson = Object.fromEntries(
  TUNABLE.flatMap((k): [Tunable, (number | string)[]][] => {
    const space = SETTINGS[k].search?.space;
    return space ? [[k, [...space]]] : [];
  }),
);

const numeric = (k: Tunable) => isNumeric(SETTINGS[k].rule);

/** Checks a space given as JSON (parsed or text): one message per bad entry, in the setting's words. */
export function parseSpace(input: unknown): Parsed<SearchSpace> {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [`the search space is not valid JSON: ${e instanceof Error ? e.message : String(e)}`] };
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, errors: ['the search space must be a JSON object, e.g. {"l2": [0.01, 100, "log"]}'] };
  const errors: string[] = [];
  const space: SearchSpace = {};
  for (const [key, v] of Object.entries(json)) {
    if (!(TUNABLE as readonly string[]).includes(key)) {
      errors.push(`"${key}" cannot be searched (searchable: ${TUNABLE.join(', ')})`);
      continue;
    }
    const k = key as Tunable;
    const { label } = SETTINGS[k];
    if (!Array.isArray(v) || v.length === 0) {
      errors.push(`${label}: give ${numeric(k) ? '[min, max] or [min, max, "log"]' : 'a list of options'}, not ${JSON.stringify(v)}`);
      continue;
    }
    if (numeric(k)) {
      const [min, max, scale] = v as unknown[];
      const bad = [min, max].map((x) => checkSetting(k, x)).find((why) => why);
      if (bad) errors.push(bad);
      else if (v.length > 3 || (scale !== undefined && scale !== 'log' && scale !== 'linear')) errors.push(`${label}: a range is [min, max] or [min, max, "log"], not ${JSON.stringify(v)}`);
      else if (Number(min) > Number(max)) errors.push(`${label}: min ${String(min)} is above max ${String(max)}`);
      else if (scale === 'log' && Number(min) <= 0) errors.push(`${label}: a log scale needs a min above 0, not ${String(min)}`);
      else space[k] = { kind: 'range', min: Number(min), max: Number(max), log: scale === 'log', int: SETTINGS[k].rule.kind === 'int' };
    } else {
      const bad = v.map((x) => checkSetting(k, x)).find((why) => why);
      if (bad) errors.push(bad);
      else space[k] = { kind: 'choice', options: [...new Set(v as string[])] };
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: space };
}

export function spaceToJson(s: SearchSpace): SpaceJson {
  const out: SpaceJson = {};
  for (const k of TUNABLE) {
    const d = s[k];
    if (!d) continue;
    out[k] = d.kind === 'choice' ? [...d.options] : d.log ? [d.min, d.max, 'log'] : [d.min, d.max];
  }
  return out;
}

export const DEFAULT_SPACE: SearchSpace = (() => {
  const p = parseSpace(DEFAULT_SPACE_JSON);
  if (!p.ok) throw new Error(p.errors.join('; '));
  return p.value;
})();

/** The dimensions a draw varies (ranges with min < max, choices of two or more), in TUNABLE order. */
export function searchedKeys(s: SearchSpace): Tunable[] {
  return TUNABLE.filter((k) => {
    const d = s[k];
    return d !== undefined && (d.kind === 'range' ? d.max > d.min : d.options.length > 1);
  });
}

/** A point of [0,1) mapped onto one dimension. */
export function pickValue(d: Dim, u: number): number | string {
  if (d.kind === 'choice') return d.options[Math.min(d.options.length - 1, Math.floor(u * d.options.length))];
  if (d.max === d.min) return d.min;
  if (d.int) {
    if (d.log) return Math.min(d.max, Math.max(d.min, Math.round(Math.exp(Math.log(d.min) + u * (Math.log(d.max) - Math.log(d.min))))));
    return Math.min(d.max, d.min + Math.floor(u * (d.max - d.min + 1)));
  }
  const x = d.log ? Math.exp(Math.log(d.min) + u * (Math.log(d.max) - Math.log(d.min))) : d.min + u * (d.max - d.min);
  return Number(x.toPrecision(3));
}

/**
 * The trial settings for one point of the unit cube (one coordinate per searched key): the base settings with
 * the space's values (fixed dimensions included), checked by the one validator.
 */
export function configAt(space: SearchSpace, base: TrainConfig, point: readonly number[]): { config: TrainConfig; values: Partial<Record<Tunable, number | string>> } {
  const searched = searchedKeys(space);
  const values: Partial<Record<Tunable, number | string>> = {};
  const input: Partial<Record<keyof TrainConfig, unknown>> = {};
  for (const k of TUNABLE) {
    const d = space[k];
    if (!d) continue;
    const i = searched.indexOf(k);
    const v = pickValue(d, i >= 0 ? point[i] : 0);
    input[k] = v;
    if (i >= 0) values[k] = v;
  }
  const checked = validateConfig(input, base);
  if (!checked.ok) throw new Error(`Bad trial settings: ${checked.errors.join('; ')}.`);
  return { config: checked.config, values };
}
