import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { parseRatingsFile } from '../src/data/parse';
import type { Dataset } from '../src/data/types';
import { fail } from './args';

/** Parses a ratings file or archive with the app's parser; exits with the line and reason when it is bad. */
export async function loadDataset(path: string): Promise<Dataset> {
  const result = await parseRatingsFile(await openAsBlob(path), basename(path));
  if (!result.ok) {
    const { line, message } = result.error;
    return fail(`${path}${line ? `:${line}` : ''}: ${message}`);
  }
  return result.value;
}
