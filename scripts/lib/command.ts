import type { TrainConfig } from '../../src/config/config';
import { SETTING_KEYS, SETTINGS } from '../../src/config/settings';
import { TUNE_KEYS, TUNE_RULES } from '../../src/config/tune-options';

/** One of a command's own flags (not a setting). */
export interface Flag {
  /** Without its dashes. */
  name: string;
  /** What its value looks like (`<file>`, `N`, `wasm|cpu`); absent: a switch, given alone. */
  value?: string;
  /** One line: what it does, and its default where it has one. */
  help: string;
}

/**
 * What a headless command takes, declared once (scripts/lib/commands/): its flag checks, its --help and its
 * part of docs/cli.md are made from it. Every command also takes --help.
 */
export interface Command {
  /** Its npm script: `npm run <name> -- ...`. */
  name: string;
  /** What it does: a sentence or two. */
  about: string;
  /** How it is called: each line follows `npm run <name> -- `. */
  usage: readonly string[];
  flags: readonly Flag[];
  /** The training settings it takes as their flags (src/config/settings.ts), and the values they go over. */
  settings?: {
    /** Which (default: every setting). */
    keys?: readonly (keyof TrainConfig)[];
    defaults: TrainConfig;
    /** Where the defaults come from, for the heading of the settings in --help. */
    about: string;
  };
  /** It takes the search options (src/config/tune-options.ts) as their flags: the heading of them in --help. */
  tuneOptions?: string;
  /** Lines after the flags. */
  notes?: readonly string[];
}

export const settingKeysOf = (c: Command): readonly (keyof TrainConfig)[] => (c.settings ? (c.settings.keys ?? SETTING_KEYS) : []);

/** Every flag the command knows: its own, --help, the settings and search options it takes. */
export function knownFlags(c: Command): string[] {
  return [...c.flags.map((f) => f.name), 'help', ...settingKeysOf(c).map((k) => SETTINGS[k].flag), ...(c.tuneOptions ? TUNE_KEYS.map((k) => TUNE_RULES[k].flag) : [])];
}
