import { allowed, isNumeric, placeholder, type Rule } from '../../src/config/rules';
import { SETTINGS, withPlusDefaults } from '../../src/config/settings';
import { TUNE_KEYS, TUNE_RULES } from '../../src/config/tune-options';
import { settingKeysOf, type Command } from './command';

/** Width of the text; the flag column's, at most (a longer flag puts its words on the next line). */
const WIDTH = 120;
const COLUMN = 28;

/** `text` in lines of at most `width` characters (a longer word stands alone), each after `indent`. */
function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l));
}

/** Flags and their words as aligned lines under a heading. */
function section(heading: string, rows: [string, string][]): string[] {
  const width = Math.min(COLUMN, Math.max(...rows.map(([left]) => left.length)));
  const indent = ' '.repeat(width + 4);
  return [
    '',
    ...wrap(`${heading}:`, WIDTH),
    ...rows.map(([left, words]) => {
      const text = wrap(words, WIDTH - indent.length, indent).join('\n');
      return left.length > width ? `  ${left}\n${indent}${text}` : `  ${left.padEnd(width)}  ${text}`;
    }),
  ];
}

/** The range (numbers only: a choice's options are its placeholder) and the default. */
function bounds(rule: Rule, value: string): string {
  return isNumeric(rule) ? `${allowed(rule)}; default ${value}` : `default ${value}`;
}

/** `--help` of a command: usage, what it does, its flags, the settings and search options it takes, with defaults. */
export function helpText(c: Command): string {
  const lines = c.usage.map((u, i) => `${i === 0 ? 'usage:' : '      '} npm run ${c.name} -- ${u}`);
  lines.push('', ...wrap(c.about, WIDTH));
  lines.push(...section('flags', [...c.flags.map((f): [string, string] => [`--${f.name}${f.value ? ` ${f.value}` : ''}`, f.help]), ['--help', 'this text']]));
  if (c.tuneOptions) {
    lines.push(
      ...section(
        c.tuneOptions,
        TUNE_KEYS.map((k) => {
          const o = TUNE_RULES[k];
          return [`--${o.flag} ${o.switch ? '[0|1]' : placeholder(o.rule)}`, `${o.help} (${bounds(o.rule, String(o.default))}${o.switch ? '; alone: 1' : ''})`];
        }),
      ),
    );
  }
  if (c.settings) {
    const { defaults } = c.settings;
    // what --model plus brings over these defaults (validateConfig)
    const plus = withPlusDefaults(defaults);
    lines.push(
      ...section(
        c.settings.about,
        settingKeysOf(c).map((k) => {
          const s = SETTINGS[k];
          const brings = k !== 'model' && defaults.model !== 'plus' && plus[k] !== defaults[k] ? `, AutoRec+ ${String(plus[k])}` : '';
          return [`--${s.flag} ${placeholder(s.rule)}`, `${s.help} (${bounds(s.rule, String(defaults[k]))}${brings})`];
        }),
      ),
    );
  }
  if (c.notes?.length) lines.push('', ...c.notes.flatMap((n) => wrap(n, WIDTH)));
  return lines.join('\n');
}
