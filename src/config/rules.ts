/**
 * The shape every setting and option is described in (src/config/settings.ts, tune-options.ts): what values it
 * takes, its words and keys, its default. The value check and its messages, and the words of --help and
 * docs/cli.md, are derived from it here, so a rule reads the same wherever it is checked or shown.
 */

/** A number between min and max, each bound in unless said otherwise. */
export interface NumberRule {
  kind: 'int' | 'number';
  min: number;
  max: number;
  /** min itself not allowed */
  above?: boolean;
  /** max itself not allowed */
  below?: boolean;
}
export type Rule = NumberRule | { kind: 'enum'; options: readonly string[] } | { kind: 'split' };

/** One setting or option. */
export interface Spec<V, R extends Rule = Rule> {
  rule: R;
  /** `--flag` of the headless commands. */
  flag: string;
  /** Words for messages. */
  label: string;
  /** One line for --help and docs/cli.md: what it does (range and default are added from the rule). */
  help: string;
  default: V;
}

export const int = (min: number, max: number): NumberRule => ({ kind: 'int', min, max });
export const num = (min: number, max: number, ex: { above?: boolean; below?: boolean } = {}): NumberRule => ({ kind: 'number', min, max, ...ex });
export const oneOf = (options: readonly string[]): Rule => ({ kind: 'enum', options });

/** The names a split can have: seeded random, a second file, or ML-100K's own u1..u5, ua, ub. */
const SPLIT_NAME = /^(random|file|u[1-5]|ua|ub)$/;
const SPLIT_WORDS = 'random, file, u1..u5, ua or ub';

export const isNumeric = (r: Rule): r is NumberRule => r.kind === 'int' || r.kind === 'number';

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * How a message shows a bad value: 'given' as it was given (text quoted: what was typed in a URL or on a
 * command line; a setting), 'read' as the number it was read as (a search option; what reads as no finite number
 * is shown as JSON).
 */
export type Shown = 'given' | 'read';

/** Why `value` breaks `rule`, or undefined when it does not. Text is read as a number where the rule is numeric. */
export function checkRule(rule: Rule, label: string, value: unknown, shown: Shown = 'given'): string | undefined {
  const given = typeof value === 'string' ? JSON.stringify(value) : String(value);
  switch (rule.kind) {
    case 'enum':
      return typeof value === 'string' && rule.options.includes(value) ? undefined : `${label} must be one of ${rule.options.join(', ')}, not ${given}`;
    case 'split':
      return typeof value === 'string' && SPLIT_NAME.test(value) ? undefined : `${label} must be ${SPLIT_WORDS}, not ${given}`;
    case 'int':
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (shown === 'read' && (typeof n !== 'number' || !Number.isFinite(n))) return `${label} must be a number, not ${JSON.stringify(value)}`;
      if (typeof n !== 'number' || Number.isNaN(n)) return `${label} must be a number, not ${given}`;
      if (!Number.isFinite(n)) return `${label} must be finite, not ${given}`;
      const bad = shown === 'read' ? String(n) : given;
      if (rule.kind === 'int' && !Number.isInteger(n)) return `${label} must be a whole number, not ${bad}`;
      const lo = rule.above ? n <= rule.min : n < rule.min;
      const hi = rule.below ? n >= rule.max : n > rule.max;
      if (lo || hi) return `${label} must be ${bounds(rule, ' and ')}, not ${bad}`;
      return undefined;
    }
  }
}

/** The range of a numeric rule in the words of its messages: "at least 0 and below 1". */
const bounds = (r: NumberRule, and: string) => `${r.above ? 'above' : 'at least'} ${String(r.min)}${and}${r.below ? 'below' : 'at most'} ${String(r.max)}`;

/** What a flag's value looks like in a usage line: N (whole), X (any number), or the choices. */
export function placeholder(rule: Rule): string {
  if (rule.kind === 'enum') return rule.options.join('|');
  if (rule.kind === 'split') return 'random|file|u1..u5|ua|ub';
  return rule.kind === 'int' ? 'N' : 'X';
}

/** The values a rule allows, for --help and docs: "1 to 10000", "at least 0, below 1", the choices. */
export function allowed(rule: Rule): string {
  if (rule.kind === 'enum') return rule.options.join(', ');
  if (rule.kind === 'split') return SPLIT_WORDS;
  return rule.above || rule.below ? bounds(rule, ', ') : `${String(rule.min)} to ${String(rule.max)}`;
}
