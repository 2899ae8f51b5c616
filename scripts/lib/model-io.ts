import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeModel, encodeModel, type SavedModel } from '../../src/serve/model-file';
import { captureModel, type RunToSave } from '../../src/serve/saved-model';
import { fail } from './args';

/** A model file read and checked (src/serve/model-file.ts); exits with its message when it is not a good one. */
export async function readModel(path: string): Promise<SavedModel> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    return fail(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const opened = decodeModel(bytes, basename(path));
  return opened.ok ? opened.model : fail(opened.error);
}

/** Writes a run's kept model (and its training state) to `path`; returns the file's size. */
export async function saveModel(path: string, run: RunToSave, trainingState = true): Promise<number> {
  const bytes = encodeModel(await captureModel(run), { trainingState });
  await writeFile(path, bytes);
  return bytes.length;
}
