import { ACTIVATIONS, COMPUTES, MODELS, OPTIMIZERS, type BackendChoice, type TrainConfig } from './config';
import { checkRule, int, isNumeric, num, oneOf, type Spec } from './rules';

/**
 * The one rule book for every setting: the URL, the command line (and its --help, docs/cli.md), the worker and
 * setupRun all go through this table and validateConfig, so a value is good or bad for the same reason everywhere,
 * and each default is written once.
 */
export interface SettingSpec<V = TrainConfig[keyof TrainConfig]> extends Spec<V> {
  /** Short key in the app's URL. */
  url: string;
  /** What choosing AutoRec+ brings (AUTOREC_PLUS); absent: the setting stays as it is. */
  plus?: V;
  /** Means nothing to AutoRec: refused there unless at its default, back to it when the model goes back. */
  plusOnly?: true;
  /**
   * A search may vary it (src/config/tune-space.ts): `at` is its place among the searched settings (a draw's
   * coordinates follow this order, so a seeded search depends on it), `space` its range in the default space
   * (absent: not searched by default), as in a space's JSON.
   */
  search?: { at: number; space?: readonly (number | string)[] };
  /** Where the page starts when it differs from `default` (what the commands use): a person stops a run, a command must end. */
  page?: V;
  /** Changes no weights: a running run takes it at its next batch (the page sends it at once); the rest wait for a restart. */
  live?: true;
}

/**
 * The defaults are the d2l.ai AutoRec settings (the peer we compare against). AutoRec+'s (`plus`) are the
 * kernelized two-hidden-layer network of Muller et al. 2018 / GLocal-K, trained with Adam on mini-batches. λ and λs
 * are per step (see TrainConfig.l2): GLocal-K's full-batch λ 20 and λs 0.006 on ML-100K's 7 batches of 256 items
 * are about 6 and 0.002 here. Selected on validation: up to 200 epochs, stopping after 20 without a better
 * validation RMSE. The default search space searches λ (the 'accurate' preset's 10 sits inside), hidden units,
 * dropout and learning rate of an I-AutoRec with a sigmoid encoder and Adam.
 */
const TABLE = {
  model: {
    rule: oneOf(MODELS),
    url: 'model',
    flag: 'model',
    label: 'model',
    help: 'autorec: AutoRec as published; plus: AutoRec+ (kernelized layers, global-kernel fine-tuning, an ensemble of seeds), which brings its own defaults',
    default: 'autorec',
    plus: 'plus',
  },
  variant: { rule: oneOf(['I', 'U']), url: 'variant', flag: 'variant', label: 'variant', help: 'I: item-based (rows are items, input a vector over users); U: user-based', default: 'I', search: { at: 7, space: ['I'] } },
  hidden: { rule: int(1, 10_000), url: 'hidden', flag: 'hidden', label: 'hidden units', help: 'units of each hidden layer', default: 500, plus: 500, search: { at: 1, space: [300, 1000, 'log'] } },
  extraLayers: {
    rule: int(0, 8),
    url: 'layers',
    flag: 'extra-layers',
    label: 'extra layers',
    help: 'further hidden layers of as many units after the first, each with the encoder activation',
    default: 0,
    plus: 1,
    search: { at: 4, space: [0, 0] },
  },
  encoder: { rule: oneOf(ACTIVATIONS), url: 'enc', flag: 'encoder', label: 'encoder activation', help: 'activation of the hidden layers', default: 'sigmoid', plus: 'sigmoid', search: { at: 5, space: ['sigmoid'] } },
  decoder: { rule: oneOf(ACTIVATIONS), url: 'dec', flag: 'decoder', label: 'decoder activation', help: 'activation of the output layer', default: 'identity', plus: 'identity', search: { at: 6, space: ['identity'] } },
  dropout: {
    rule: num(0, 1, { below: true }),
    url: 'dropout',
    flag: 'dropout',
    label: 'dropout',
    help: "dropout rate on the last hidden layer's output, training only",
    default: 0.05,
    plus: 0,
    search: { at: 2, space: [0, 0.5] },
    live: true,
  },
  l2: {
    rule: num(0, 1e4),
    url: 'l2',
    flag: 'l2',
    label: 'L2 penalty λ',
    help: "L2 penalty λ on the weight matrices, per step: λ × batches per epoch is the paper's full-batch λ",
    default: 1e-5,
    plus: 6,
    search: { at: 0, space: [0.01, 100, 'log'] },
    live: true,
  },
  optimizer: { rule: oneOf(OPTIMIZERS), url: 'opt', flag: 'optimizer', label: 'optimizer', help: 'the optimizer; lazyadam steps only the weights with a gradient (the inputs a batch rates): faster on large data, other numbers', default: 'adam', search: { at: 8, space: ['adam'] } },
  compute: {
    rule: oneOf(COMPUTES),
    url: 'compute',
    flag: 'compute',
    label: 'compute',
    help: 'dense: whole batch blocks through matMul; sparse: only the observed entries; auto: sparse wherever its kernels run: webgpu, wasm and cpu',
    default: 'auto',
  },
  learningRate: { rule: num(0, 10, { above: true }), url: 'lr', flag: 'lr', label: 'learning rate', help: "the optimizer's learning rate", default: 0.002, plus: 0.001, search: { at: 3, space: [3e-4, 1e-2, 'log'] }, live: true },
  batchSize: { rule: int(1, 65_536), url: 'batch', flag: 'batch', label: 'batch size', help: 'rows (items, or users with U) per training step', default: 256 },
  epochs: {
    rule: int(0, 100_000),
    url: 'epochs',
    flag: 'epochs',
    label: 'epochs',
    help: 'most epochs, 0 = no cap: until stopped, or early-stopped by the patience (where the page starts); early stopping may end the run sooner',
    default: 25,
    plus: 200,
    page: 0,
    live: true,
  },
  patience: {
    rule: int(0, 100_000),
    url: 'patience',
    flag: 'patience',
    label: 'patience',
    help: 'stop when validation RMSE has not improved for this many epochs, 0 = never; needs a validation share',
    default: 0,
    plus: 20,
    live: true,
  },
  seed: { rule: int(0, 2 ** 31 - 1), url: 'seed', flag: 'seed', label: 'seed', help: 'seed of the initial weights, the batch order and dropout', default: 0 },
  splitSeed: { rule: int(0, 2 ** 31 - 1), url: 'splitSeed', flag: 'split-seed', label: 'split seed', help: 'seed of the random test split and of the validation share', default: 0 },
  split: {
    rule: { kind: 'split' },
    url: 'split',
    flag: 'split',
    label: 'split',
    help: "the test set: random (seeded, the test share held out), file (a second ratings file) or the archive's own split",
    default: 'random',
  },
  testRatio: { rule: num(0.01, 0.9), url: 'test', flag: 'test-ratio', label: 'test share', help: 'share of the ratings the random split holds out as the test set', default: 0.1 },
  validRatio: {
    rule: num(0, 0.5),
    url: 'valid',
    flag: 'validation',
    label: 'validation share',
    help: 'share of the training ratings held out for model selection; 0 = none, the last epoch is kept',
    default: 0.05,
  },
  threads: { rule: int(0, 256), url: 'threads', flag: 'threads', label: 'CPU threads', help: 'CPU threads of the sparse kernels on wasm and cpu, 0 = every core; results are the same for any count', default: 0 },
  kernelDim: {
    rule: int(0, 64),
    url: 'kernel',
    flag: 'kernel-dim',
    label: 'kernel dimensions',
    help: 'AutoRec+: dimensions of the kernel vectors of every layer, each weight W ⊙ max(0, 1 − ‖u_i − v_j‖²); 0 = plain weights',
    default: 0,
    plus: 5,
    plusOnly: true,
    search: { at: 9 },
  },
  kernelL2: { rule: num(0, 1e4), url: 'kernelL2', flag: 'kernel-l2', label: 'kernel penalty λs', help: "AutoRec+: penalty λs on the kernel matrices' squares, per step like λ", default: 0, plus: 0.002, plusOnly: true, search: { at: 10 }, live: true },
  globalEpochs: {
    rule: int(0, 100_000),
    url: 'global',
    flag: 'global-epochs',
    label: 'global-kernel epochs',
    help: 'AutoRec+: epochs of global-kernel fine-tuning (GLocal-K) at the end of the run, fewer than the epochs; 0 = off',
    default: 0,
    plus: 0,
    plusOnly: true,
  },
  members: {
    rule: int(1, 16),
    url: 'members',
    flag: 'members',
    label: 'ensemble members',
    help: 'AutoRec+: networks trained side by side from different seeds, their predictions averaged; 1 = no ensemble',
    default: 1,
    plus: 1,
    plusOnly: true,
  },
  average: {
    rule: num(0, 1, { below: true }),
    url: 'avg',
    flag: 'average',
    label: 'weight averaging',
    help: 'evaluation, the kept epoch and predictions use averaged weights A ← a·A + (1 − a)·W, moved after each epoch; 0 = off, the current weights',
    default: 0,
  },
} satisfies { readonly [K in keyof TrainConfig]: SettingSpec<TrainConfig[K]> };

/** The table as written, for the types derived from which entries have what (tune-space's Tunable). */
export type SettingTable = typeof TABLE;

export const SETTINGS: { readonly [K in keyof TrainConfig]: SettingSpec<TrainConfig[K]> } = TABLE;

export const SETTING_KEYS = Object.keys(SETTINGS) as (keyof TrainConfig)[];

const pick = (take: (s: SettingSpec) => unknown) => Object.fromEntries(SETTING_KEYS.flatMap((k) => (take(SETTINGS[k]) === undefined ? [] : [[k, take(SETTINGS[k])]])));

/** The d2l.ai AutoRec settings: the peer we compare against, and every setting's default. */
export const D2L_DEFAULTS = pick((s) => s.default) as unknown as TrainConfig;

/**
 * Where the page starts: the defaults, but a run trains until the person stops it (no epoch cap), as
 * TensorFlow Playground's play button does; the commands keep the d2l run of 25 epochs.
 */
export const PAGE_DEFAULTS = { ...D2L_DEFAULTS, ...pick((s) => s.page) } as TrainConfig;

/** The settings a running run takes at its next batch: they need no new weights. */
export type LiveKey = 'learningRate' | 'l2' | 'dropout' | 'kernelL2' | 'patience' | 'epochs';

/** Live settings changed while a run trains (sent to it at once, recorded in its epochs). */
export type LiveChanges = Partial<Pick<TrainConfig, LiveKey>>;

/** The settings a running run takes at its next batch (no new weights needed); the rest wait for a restart. */
export const LIVE_SETTINGS = SETTING_KEYS.filter((k) => SETTINGS[k].live) as readonly LiveKey[];

/** The live settings that differ between `was` and `now`. */
export function liveChanges(was: TrainConfig, now: TrainConfig): LiveChanges {
  return Object.fromEntries(LIVE_SETTINGS.filter((k) => was[k] !== now[k]).map((k) => [k, now[k]]));
}

/** Whether a run of `c` ends by itself: an epoch cap, or early stopping on a validation share. A command needs one; a person can press Stop. */
export function endsByItself(c: TrainConfig): boolean {
  return c.epochs > 0 || (c.patience > 0 && c.validRatio > 0);
}

/** What choosing AutoRec+ (`model: 'plus'`, `--model plus`, the preset) sets unless told otherwise: see TABLE. */
export const AUTOREC_PLUS = pick((s) => s.plus) as Partial<TrainConfig>;

/** The AutoRec+ settings that mean nothing to AutoRec (back to their defaults when the model goes back to AutoRec). */
export const PLUS_ONLY: readonly (keyof TrainConfig)[] = SETTING_KEYS.filter((k) => SETTINGS[k].plusOnly);

/** Why `value` is not a good `key`, or undefined when it is. Strings are read as numbers where the rule is numeric. */
export function checkSetting<K extends keyof TrainConfig>(key: K, value: unknown): string | undefined {
  return checkRule(SETTINGS[key].rule, SETTINGS[key].label, value);
}

/** Early stopping watches validation RMSE: where there is no validation share, patience is off. */
export function noPatienceWithoutValidation(c: TrainConfig): TrainConfig {
  return c.validRatio === 0 ? { ...c, patience: 0 } : c;
}

/**
 * The settings with AutoRec+ chosen: its recommended values (AUTOREC_PLUS) over `c`, whose test set, validation
 * share and seeds stay; its early stopping only where there is a validation share to watch.
 */
export function withPlusDefaults(c: TrainConfig): TrainConfig {
  return noPatienceWithoutValidation({ ...c, ...AUTOREC_PLUS });
}

/** Rules between settings. */
function crossCheck(c: TrainConfig): string[] {
  const errors: string[] = [];
  if (c.patience > 0 && c.validRatio === 0) errors.push('patience (early stopping) needs a validation share above 0: validation RMSE is what it watches');
  if (c.model !== 'plus') {
    const plusOnly = PLUS_ONLY.filter((k) => c[k] !== D2L_DEFAULTS[k]);
    if (plusOnly.length) errors.push(`${plusOnly.map((k) => SETTINGS[k].label).join(', ')}: AutoRec+ settings; choose model plus to use them`);
  }
  if (c.model === 'plus' && c.epochs > 0 && c.globalEpochs >= c.epochs) errors.push(`global-kernel epochs (${c.globalEpochs}) must leave pre-training epochs: fewer than the epochs (${c.epochs})`);
  if (c.model === 'plus' && c.epochs === 0 && c.globalEpochs > 0 && c.patience === 0) {
    errors.push('global-kernel epochs without an epoch cap begin when pre-training stalls: set a patience (or an epoch cap)');
  }
  return errors;
}

export type Validated = { ok: true; config: TrainConfig } | { ok: false; errors: string[] };

/**
 * Checks every setting of `input` (values may be strings, as from a URL or a command line); missing
 * keys take `defaults`. Returns the typed config or one message per bad value.
 */
export function validateConfig(input: Partial<Record<keyof TrainConfig, unknown>>, defaults: TrainConfig = D2L_DEFAULTS): Validated {
  const errors: string[] = [];
  // asking for AutoRec+ over AutoRec's defaults brings AutoRec+'s (what is given still wins)
  const base = input.model === 'plus' && defaults.model !== 'plus' ? withPlusDefaults(defaults) : defaults;
  const out: Record<string, unknown> = { ...base };
  for (const key of SETTING_KEYS) {
    const v = input[key];
    if (v === undefined) continue;
    const why = checkSetting(key, v);
    if (why) errors.push(why);
    else out[key] = isNumeric(SETTINGS[key].rule) ? Number(v) + 0 : v; // + 0: "-0" is 0 (written back, it reads "0")
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
