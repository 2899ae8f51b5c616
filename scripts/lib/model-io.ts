import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type SavedFile, type SavedModel } from '../../src/serve/model-file';
import { decodeModel, decodeNetwork } from '../../src/serve/model-file-read';
import { encodeCodes, encodeModel } from '../../src/serve/model-file-write';
import { captureModel, codesToSave, type RunToSave } from '../../src/serve/saved-model';
import { servedNetwork } from '../../src/serve/served';
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

/** Writes a run's kept model (and its training state; or, `withoutRatings`, its codes without any rating) to `path`; returns the file's size. */
export async function saveModel(path: string, run: RunToSave, trainingState = true, withoutRatings = false): Promise<number> {
  const kept = run.trainer.selection;
  const about = `${run.config.variant}-AutoRec${run.config.model === 'plus' ? '+' : ''}, kept epoch ${kept.epoch}`;
  const bytes = withoutRatings
    ? encodeCodes(await codesToSave({ served: servedNetwork(run.trainer), dataset: run.dataset, split: run.split, config: run.config, about, testRmse: kept.testRmse }))
    : encodeModel(await captureModel(run), { trainingState });
  await writeFile(path, bytes);
  return bytes.length;
}
