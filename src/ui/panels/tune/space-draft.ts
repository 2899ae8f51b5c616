import { SETTINGS } from '../../../config/settings';
import { TUNABLE, type SpaceJson, type Tunable } from '../../../config/tune-space';
import type { TrainConfig } from '../../../worker/messages';

/** One row of the space editor as typed: searched or not, a range (numeric settings) or the options ticked. */
export interface DimDraft {
  on: boolean;
  min: string;
  max: string;
  log: boolean;
  options: string[];
}

/** The editor's rows, one per tunable setting. */
export type SpaceDraft = Record<Tunable, DimDraft>;

export const isNumeric = (k: Tunable) => SETTINGS[k].rule.kind !== 'enum';
export const optionsOf = (k: Tunable): readonly string[] => {
  const r = SETTINGS[k].rule;
  return r.kind === 'enum' ? r.options : [];
};
const DEFAULT_RANGES: Partial<Record<Tunable, [number, number, boolean]>> = { extraLayers: [0, 2, false] };

/** The editor's rows from a space: dimensions in it are searched, others keep the settings' value. */
export function draftOf(space: SpaceJson, config: TrainConfig): SpaceDraft {
  const out = {} as SpaceDraft;
  for (const k of TUNABLE) {
    const v = space[k];
    if (isNumeric(k)) {
      const [min, max, log] = v ?? DEFAULT_RANGES[k] ?? [config[k] as number, config[k] as number, false];
      out[k] = { on: v !== undefined, min: String(min), max: String(max), log: log === 'log' || log === true, options: [] };
    } else out[k] = { on: v !== undefined, min: '', max: '', log: false, options: v ? v.map(String) : [String(config[k])] };
  }
  return out;
}

/** The space the ticked rows describe, as typed (parseSpace says whether it is valid). */
export function spaceOf(d: SpaceDraft): SpaceJson {
  const out: SpaceJson = {};
  for (const k of TUNABLE) {
    const x = d[k];
    if (!x.on) continue;
    out[k] = isNumeric(k) ? [x.min.trim() === '' ? NaN : Number(x.min), x.max.trim() === '' ? NaN : Number(x.max), ...(x.log ? ['log'] : [])] : x.options;
  }
  return out;
}
