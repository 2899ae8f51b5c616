import { ACTIVATIONS, AUTOREC_PLUS, COMPUTES, D2L_DEFAULTS, MODELS, OPTIMIZERS, PLUS_ONLY, type BackendChoice, type TrainConfig } from './config';

/**
 * The one rule book for every setting: the URL, the command line, the worker and setupRun all go
 * through validateConfig, so a value is good or bad for the same reason everywhere.
 */
type Rule =
  | { kind: 'int' | 'number'; min: number; max: number; /** min itself not allowed */ above?: boolean; /** max itself not allowed */ below?: boolean }
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'split' };

export interface SettingSpec {
  rule: Rule;
  /** Short key in the app's URL. */
  url: string;
  /** `--flag` of the headless commands. */
  flag: string;
  /** Words for messages. */
  label: string;
}

const int = (min: number, max: number): Rule => ({ kind: 'int', min, max });
const num = (min: number, max: number, ex: { above?: boolean; below?: boolean } = {}): Rule => ({ kind: 'number', min, max, ...ex });
const oneOf = (options: readonly string[]): Rule => ({ kind: 'enum', options });

export const SETTINGS: { readonly [K in keyof TrainConfig]: SettingSpec } = {
  model: { rule: oneOf(MODELS), url: 'model', flag: 'model', label: 'model' },
  variant: { rule: oneOf(['I', 'U']), url: 'variant', flag: 'variant', label: 'variant' },
  hidden: { rule: int(1, 10_000), url: 'hidden', flag: 'hidden', label: 'hidden units' },
  extraLayers: { rule: int(0, 8), url: 'layers', flag: 'extra-layers', label: 'extra layers' },
  encoder: { rule: oneOf(ACTIVATIONS), url: 'enc', flag: 'encoder', label: 'encoder activation' },
  decoder: { rule: oneOf(ACTIVATIONS), url: 'dec', flag: 'decoder', label: 'decoder activation' },
  dropout: { rule: num(0, 1, { below: true }), url: 'dropout', flag: 'dropout', label: 'dropout' },
  l2: { rule: num(0, 1e4), url: 'l2', flag: 'l2', label: 'L2 penalty λ' },
  optimizer: { rule: oneOf(OPTIMIZERS), url: 'opt', flag: 'optimizer', label: 'optimizer' },
  compute: { rule: oneOf(COMPUTES), url: 'compute', flag: 'compute', label: 'compute' },
  learningRate: { rule: num(0, 10, { above: true }), url: 'lr', flag: 'lr', label: 'learning rate' },
  batchSize: { rule: int(1, 65_536), url: 'batch', flag: 'batch', label: 'batch size' },
  epochs: { rule: int(1, 100_000), url: 'epochs', flag: 'epochs', label: 'epochs' },
  patience: { rule: int(0, 100_000), url: 'patience', flag: 'patience', label: 'patience' },
  seed: { rule: int(0, 2 ** 31 - 1), url: 'seed', flag: 'seed', label: 'seed' },
  splitSeed: { rule: int(0, 2 ** 31 - 1), url: 'splitSeed', flag: 'split-seed', label: 'split seed' },
  split: { rule: { kind: 'split' }, url: 'split', flag: 'split', label: 'split' },
  testRatio: { rule: num(0.01, 0.9), url: 'test', flag: 'test-ratio', label: 'test share' },
  validRatio: { rule: num(0, 0.5), url: 'valid', flag: 'validation', label: 'validation share' },
  threads: { rule: int(0, 256), url: 'threads', flag: 'threads', label: 'CPU threads' },
  kernelDim: { rule: int(0, 64), url: 'kernel', flag: 'kernel-dim', label: 'kernel dimensions' },
  kernelL2: { rule: num(0, 1e4), url: 'kernelL2', flag: 'kernel-l2', label: 'kernel penalty λs' },
  globalEpochs: { rule: int(0, 100_000), url: 'global', flag: 'global-epochs', label: 'global-kernel epochs' },
  members: { rule: int(1, 16), url: 'members', flag: 'members', label: 'ensemble members' },
  average: { rule: num(0, 1, { below: true }), url: 'avg', flag: 'average', label: 'weight averaging' },
};

export const SETTING_KEYS = Object.keys(SETTINGS) as (keyof TrainConfig)[];

/** The names a split can have: seeded random, a second file, or ML-100K's own u1..u5, ua, ub. */
export const SPLIT_NAME = /^(random|file|u[1-5]|ua|ub)$/;

const fmt = (v: number) => String(v);

/** Why `value` is not a good `key`, or undefined when it is. Strings are read as numbers where the rule is numeric. */
export function checkSetting<K extends keyof TrainConfig>(key: K, value: unknown): string | undefined {
  const { rule, label } = SETTINGS[key];
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  switch (rule.kind) {
    case 'enum':
      return typeof value === 'string' && rule.options.includes(value) ? undefined : `${label} must be one of ${rule.options.join(', ')}, not ${shown}`;
    case 'split':
      return typeof value === 'string' && SPLIT_NAME.test(value) ? undefined : `${label} must be random, file, u1..u5, ua or ub, not ${shown}`;
    case 'int':
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || Number.isNaN(n)) return `${label} must be a number, not ${shown}`;
      if (!Number.isFinite(n)) return `${label} must be finite, not ${shown}`;
      if (rule.kind === 'int' && !Number.isInteger(n)) return `${label} must be a whole number, not ${shown}`;
      const lo = rule.above ? n <= rule.min : n < rule.min;
      const hi = rule.below ? n >= rule.max : n > rule.max;
      if (lo || hi) return `${label} must be ${rule.above ? 'above' : 'at least'} ${fmt(rule.min)} and ${rule.below ? 'below' : 'at most'} ${fmt(rule.max)}, not ${shown}`;
      return undefined;
    }
  }
}

/** Rules between settings. */
function crossCheck(c: TrainConfig): string[] {
  const errors: string[] = [];
  if (c.patience > 0 && c.validRatio === 0) errors.push('patience (early stopping) needs a validation share above 0: validation RMSE is what it watches');
  if (c.model !== 'plus') {
    const plusOnly = PLUS_ONLY.filter((k) => c[k] !== D2L_DEFAULTS[k]);
    if (plusOnly.length) errors.push(`${plusOnly.map((k) => SETTINGS[k].label).join(', ')}: AutoRec+ settings; choose model plus to use them`);
  }
  if (c.model === 'plus' && c.globalEpochs >= c.epochs) errors.push(`global-kernel epochs (${c.globalEpochs}) must leave pre-training epochs: fewer than the epochs (${c.epochs})`);
  return errors;
}

export type Validated = { ok: true; config: TrainConfig } | { ok: false; errors: string[] };

/**
 * Checks every setting of `input` (values may be strings, as from a URL or a command line); missing
 * keys take `defaults`. Returns the typed config or one message per bad value.
 */
export function validateConfig(input: Partial<Record<keyof TrainConfig, unknown>>, defaults: TrainConfig = D2L_DEFAULTS): Validated {
  const errors: string[] = [];
  // asking for AutoRec+ over AutoRec's defaults brings AutoRec+'s (what is given still wins; its early stopping
  // only where there is a validation share to watch)
  const plus = input.model === 'plus' && defaults.model !== 'plus';
  const base = plus ? { ...defaults, ...AUTOREC_PLUS, ...(defaults.validRatio === 0 && { patience: 0 }) } : defaults;
  const out: Record<string, unknown> = { ...base };
  for (const key of SETTING_KEYS) {
    const v = input[key];
    if (v === undefined) continue;
    const why = checkSetting(key, v);
    if (why) errors.push(why);
    else out[key] = SETTINGS[key].rule.kind === 'int' || SETTINGS[key].rule.kind === 'number' ? Number(v) : v;
  }
  const config = out as unknown as TrainConfig;
  if (errors.length === 0) errors.push(...crossCheck(config));
  return errors.length ? { ok: false, errors } : { ok: true, config };
}

/** validateConfig for code paths that cannot go on with a bad config (the worker, setupRun): throws the reasons. */
export function assertConfig(c: TrainConfig): TrainConfig {
  const v = validateConfig(c);
  if (!v.ok) throw new Error(`Bad settings: ${v.errors.join('; ')}.`);
  return v.config;
}

/** Every setting as URL query parameters under its short key: the app's URL state, also what the benchmarks open. */
export function configToQuery(c: TrainConfig, backend: BackendChoice): string {
  const q = new URLSearchParams();
  for (const k of SETTING_KEYS) q.set(SETTINGS[k].url, String(c[k]));
  q.set('backend', backend);
  return q.toString();
}
