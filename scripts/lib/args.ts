import type { TrainConfig } from '../../src/config/config';
import { SETTINGS, SETTING_KEYS, validateConfig } from '../../src/config/settings';

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

/**
 * The training settings given as flags (each setting's `--flag` in src/config/settings.ts), on top of
 * `defaults`, through the one validator: a bad value exits at once with one line per reason.
 */
export function settingsFromFlags(flags: Map<string, string>, defaults: TrainConfig): TrainConfig {
  const input: Partial<Record<keyof TrainConfig, unknown>> = {};
  for (const k of SETTING_KEYS) if (flags.has(SETTINGS[k].flag)) input[k] = flags.get(SETTINGS[k].flag);
  const checked = validateConfig(input, defaults);
  return checked.ok ? checked.config : fail(checked.errors.map((e) => `bad setting: ${e}`).join('\n'));
}

/** Flags that are settings, for usage lines and unknown-flag checks. */
export const SETTING_FLAGS: readonly string[] = SETTING_KEYS.map((k) => SETTINGS[k].flag);
