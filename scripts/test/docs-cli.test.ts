import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { cliDocs } from '../lib/cli-docs';
import { knownFlags } from '../lib/command';
import { COMMANDS } from '../lib/commands/all';
import { helpText } from '../lib/help';

it('docs/cli.md is what `npm run docs:cli` writes from the commands and settings (run it after changing them)', () => {
  expect(readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8')).toBe(cliDocs());
});

it('every flag a command knows is in its --help', () => {
  for (const c of COMMANDS) {
    const help = helpText(c);
    for (const f of knownFlags(c)) expect(help, `npm run ${c.name} --${f}`).toMatch(new RegExp(`^ {2}--${f}\\b`, 'm'));
  }
});
