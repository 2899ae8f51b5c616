import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeModel, decodeNetwork, encodeModel, type SavedFile, type SavedModel } from '../../src/serve/model-file';
import { captureModel, type RunToSave } from '../../src/serve/saved-model';
import { fail } from './args';

async function bytesOf(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    return fail(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A model file (a network or a blend) read and checked (src/serve/model-file.ts); exits with its message when it is not a good one. */
export async function readModel(path: string): Promise<SavedFile> {
  const opened = decodeModel(await bytesOf(path), basename(path));
  return opened.ok ? opened.model : fail(opened.error);
}

/** A network's model file, to continue training (a blend cannot be); exits with its message otherwise. */
export async function readNetwork(path: string): Promise<SavedModel> {
  const opened = decodeNetwork(await bytesOf(path), basename(path));
  return opened.ok ? opened.model : fail(opened.error);
}

/** Writes a run's kept model (and its training state) to `path`; returns the file's size. */
export async function saveModel(path: string, run: RunToSave, trainingState = true): Promise<number> {
  const bytes = encodeModel(await captureModel(run), { trainingState });
  await writeFile(path, bytes);
  return bytes.length;
}
