import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';

// The docs name source files; a file that moves must take its mentions along. Every relative link and every
// backticked repository path (src/, scripts/, e2e/, docs/) in README.md and docs/*.md must exist.
/** Written by the tests, not in the tree. */
const WRITTEN_BY_TESTS = new Set(['e2e/artifacts/']);
const docs = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

it('every relative link and repository path written in the docs exists', () => {
  const missing: string[] = [];
  for (const doc of docs) {
    const text = readFileSync(doc, 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(#[^)\s]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      if (!existsSync(join(dirname(doc), target))) missing.push(`${doc}: link ${target}`);
    }
    for (const [, path] of text.matchAll(/`((?:src|scripts|e2e|docs)\/[\w./-]+)`/g)) {
      if (!WRITTEN_BY_TESTS.has(path) && !existsSync(path.replace(/[.,:]$/, ''))) missing.push(`${doc}: path ${path}`);
    }
  }
  expect(missing).toEqual([]);
});
