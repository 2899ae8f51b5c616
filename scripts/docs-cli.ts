// Writes docs/cli.md (every command's --help, the settings and search options) from the same declarations the
// commands use: `npm run docs:cli`. scripts/test/docs-cli.test.ts fails while the file is out of date.
import { writeFileSync } from 'node:fs';
import { cliDocs } from './lib/cli-docs';

const path = new URL('../docs/cli.md', import.meta.url);
writeFileSync(path, cliDocs());
process.stdout.write(`wrote ${path.pathname}\n`);
