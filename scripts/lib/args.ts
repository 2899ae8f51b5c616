import type { TrainConfig } from '../../src/config/config';
import { endsByItself, SETTINGS, SETTING_KEYS, validateConfig } from '../../src/config/settings';
import { TUNE_KEYS, TUNE_RULES, type TuneOptions } from '../../src/config/tune-options';

/** Minimal `--flag value` / `--flag` parser for the headless commands. */
export function parseArgs(argv: string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [key, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) flags.set(key, inline);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(key, argv[++i]);
    else flags.set(key, 'true');
  }
  return { positional, flags };
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** Exits naming the first flag not in `known`, then `help` (the command's usage); `why` follows the flag's name. */
export function refuseUnknown(flags: Map<string, string>, known: readonly string[], help: string, why = ''): void {
  for (const f of flags.keys()) if (!known.includes(f)) fail(`unknown flag --${f}${why}\n${help}`);
}

/**
 * The training settings given as flags (each setting's `--flag` in src/config/settings.ts; only `keys`), on top
 * of `defaults`, through the one validator: a bad value exits at once with one line per reason.
 */
export function settingsFromFlags(flags: Map<string, string>, defaults: TrainConfig, keys: readonly (keyof TrainConfig)[] = SETTING_KEYS): TrainConfig {
  const input: Partial<Record<keyof TrainConfig, unknown>> = {};
  for (const k of keys) if (flags.has(SETTINGS[k].flag)) input[k] = flags.get(SETTINGS[k].flag);
  const checked = validateConfig(input, defaults);
  if (!checked.ok) fail(checked.errors.map((e) => `bad setting: ${e}`).join('\n'));
  // the page's "until stopped" has a person to press Stop; a command must end by itself
  if (!endsByItself(checked.config)) fail('bad setting: epochs 0 (no cap) never ends here: give --epochs N, or --patience N with a --validation share');
  return checked.config;
}

/** The search options given as flags (src/config/tune-options.ts), unchecked: a switch's flag alone (`--refit`) is 1. */
export function tuneOptionsFromFlags(flags: Map<string, string>): Partial<Record<keyof TuneOptions, unknown>> {
  const input: Partial<Record<keyof TuneOptions, unknown>> = {};
  for (const k of TUNE_KEYS) {
    const { flag } = TUNE_RULES[k];
    if (flags.has(flag)) input[k] = TUNE_RULES[k].switch && flags.get(flag) === 'true' ? 1 : flags.get(flag);
  }
  return input;
}
