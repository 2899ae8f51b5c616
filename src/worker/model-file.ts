import type { BackendChoice } from '../config/config';
import { decodeModel } from '../serve/model-file-read';
import { encodeBlend, encodeCodes, encodeModel } from '../serve/model-file-write';
import { captureModel, codesToSave, openFile } from '../serve/saved-model';
import { notCodable } from '../serve/coded-model';
import { blendInfo } from './blend-info';
import { threadsOf, type WorkerBackend } from './backend';
import type { LoadedData } from './dataset';
import { errorText } from './error-text';
import { blendFileName, modelFileName } from '../serve/model-file-name';
import { exportServed, layersZipName, zipFiles } from '../serve/layers-export';
import type { FromWorker } from './messages';
import type { Training } from './run';
import type { KeptModel, Serving } from './serving';
import type { SetupGate } from './setup-gate';
import type { ModelViews } from './views';

/** Model files in the worker (src/serve/model-file.ts): the served model saved as one file, a file opened in place of the data. */
export class ModelFiles {
  constructor(
    private readonly post: (msg: FromWorker) => void,
    private readonly parts: { data: LoadedData; backend: WorkerBackend; gate: SetupGate; serving: Serving; training: Training; views: ModelViews },
  ) {}

  /** The model as one file (with its ratings, or without them): posted as bytes for the page to download and keep. */
  async save(withoutRatings = false): Promise<void> {
    const m = this.parts.serving.current;
    if (!m) return this.post({ type: 'modelError', message: 'Train a model first: there is nothing to save yet.' });
    try {
      const f = await fileOf(m, withoutRatings);
      this.post({ type: 'modelFile', name: f.name, bytes: f.bytes, epoch: m.trainer?.epoch ?? 0, ...(m.blend && { members: m.blend.model.members.length }), ...(withoutRatings && { withoutRatings }) });
    } catch (err) {
      this.post({ type: 'modelError', message: `Saving failed: ${errorText(err)}` });
    }
  }

  /** What a saved file would hold, and its size with the ratings and without them (or why not): what Save says. */
  async sizes(): Promise<void> {
    const m = this.parts.serving.current;
    if (!m) return;
    try {
      const ratings = m.split.train.ratings.length + m.split.valid.ratings.length + m.split.test.ratings.length;
      const why = m.served.networks.map(notCodable).find((x) => x !== undefined);
      // a big model is not written twice to be weighed: its size is reckoned from its parts (about)
      const estimate = weightFloats(m) > ESTIMATE_FROM_FLOATS ? reckonSizes(m, ratings) : undefined;
      const fullBytes = estimate?.withRatings ?? (await fileOf(m, false)).bytes.length;
      let lightBytes: number | undefined;
      let whyNot = why;
      if (!why) {
        try {
          lightBytes = estimate?.withoutRatings ?? (await fileOf(m, true)).bytes.length;
        } catch (err) {
          whyNot = errorText(err);
        }
      }
      const what = m.blend ? `${m.blend.model.members.length} networks' weights and how they blend` : `the kept weights (epoch ${m.trainer?.selection.epoch}) and what continuing needs (current weights, optimizer state)`;
      this.post({
        type: 'modelSizes',
        sizes: {
          holds: `${what}, the settings and figures, the user and item ids and titles, and every training, validation and test rating (${ratings.toLocaleString('en')})`,
          withRatings: fullBytes,
          ...(lightBytes !== undefined && { withoutRatings: lightBytes }),
          ...(whyNot && { whyNot }),
          ...(estimate && { approximate: true }),
        },
      });
    } catch {
      // sizes are a courtesy: Save says why when it fails
    }
  }

  /** The model as a TensorFlow.js LayersModel (src/serve/layers-export.ts): a zip posted for the page to download, or why not. */
  async exportLayers(): Promise<void> {
    const m = this.parts.serving.current;
    if (!m) return this.post({ type: 'modelError', message: 'Train a model first: there is nothing to export yet.' });
    try {
      const r = await exportServed(m.served.networks, m.blend?.model.blend, m.dataset);
      if (!r.ok) return this.post({ type: 'modelError', message: r.error });
      const name = layersZipName(m.blend ? blendFileName(m.dataset.source, m.blend.model.members.length) : modelFileName(m.dataset.source, m.config, m.trainer!.epoch));
      this.post({ type: 'layersFile', name, bytes: zipFiles(r.value) });
    } catch (err) {
      this.post({ type: 'modelError', message: `Exporting failed: ${errorText(err)}` });
    }
  }

  /**
   * Opens a model file on the chosen backend: its data (id maps, titles, the three sets) replaces the loaded
   * data and its kept weights serve recommendations at once. A bad file changes nothing.
   */
  async open(file: Blob, name: string, preferred: BackendChoice): Promise<void> {
    const { data, backend, gate, serving, training, views } = this.parts;
    if (gate.busy) return;
    const opened = decodeModel(new Uint8Array(await file.arrayBuffer()), name);
    if (!opened.ok) return this.post({ type: 'modelError', message: opened.error });
    gate.busy = true;
    try {
      const b = await backend.ensure(preferred);
      await backend.useThreads(threadsOf(opened.model.config));
      const f = opened.model;
      const m = await openFile(f, b.name, name);
      await training.end();
      data.replace(m.dataset);
      gate.cancelled = false; // the data it replaced had no run being set up: this is that very transition
      const epochs = f.kind === 'network' ? f.epochs : [];
      serving.keep({ ...m, epochs, ...(f.kind === 'blend' && { blend: f }) });
      if (f.kind === 'network') this.post({ type: 'modelOpened', name, config: m.config, epochs, trained: f.state.epoch, keptEpoch: f.state.selected.epoch });
      else if (f.kind === 'blend') this.post({ type: 'modelOpened', name, config: m.config, epochs, trained: 0, keptEpoch: 0, blend: blendInfo(f) });
      else this.post({ type: 'modelOpened', name, config: m.config, epochs, trained: 0, keptEpoch: 0, withoutRatings: f.about });
      const map = m.served.networks[0]; // none for a file without ratings
      if (map) void views.show(map, m.dataset);
    } catch (err) {
      this.post({ type: 'modelError', message: `${name}: ${errorText(err)}` });
    } finally {
      gate.busy = false;
    }
  }
}

/** A kept model's file: a network's or a blend's, or (withoutRatings) its codes with no ratings; named after the data and model. */
async function fileOf(m: KeptModel, withoutRatings: boolean): Promise<{ name: string; bytes: Uint8Array }> {
  const name = m.blend ? blendFileName(m.dataset.source, m.blend.model.members.length) : modelFileName(m.dataset.source, m.config, m.trainer!.epoch);
  if (withoutRatings) {
    const kept = m.trainer?.selection;
    const about = m.blend ? `Tune's blend of ${m.blend.model.members.length} networks` : `${m.config.variant}-AutoRec${m.config.model === 'plus' ? '+' : ''}, kept epoch ${kept?.epoch}`;
    const codes = await codesToSave({ served: m.served, blend: m.blend?.model.blend, dataset: m.dataset, split: m.split, config: m.config, about, testRmse: m.blend ? m.blend.result.testRmse : (kept?.testRmse ?? NaN) });
    return { name: name.replace(/\.zip$/, '-no-ratings.zip'), bytes: encodeCodes(codes) };
  }
  if (m.blend) return { name, bytes: encodeBlend(m.blend) };
  return { name, bytes: encodeModel(await captureModel({ ...m, trainer: m.trainer! })) };
}

/** Models past this many weights (64 MB) have their file sizes reckoned, not written out to be measured. */
const ESTIMATE_FROM_FLOATS = 16 * 2 ** 20;

/** The weights the kept model serves, over all its networks. */
function weightFloats(m: KeptModel): number {
  return m.served.networks.reduce((n, t) => n + t.servingModel.params.reduce((k, v) => k + v.size, 0), 0);
}

/**
 * A big model's file sizes from its parts: the weights stored as they are (a network's kept and current weights
 * and Adam's two moments at most: 4 copies; a blend's members once), the ratings as CSR (a 4-byte column and a
 * 1-byte value each, before deflate); without ratings, each network's codes and decoder, and who rated what.
 */
function reckonSizes(m: KeptModel, ratings: number): { withRatings: number; withoutRatings: number } {
  const copies = m.blend ? 1 : 4;
  const withRatings = 4 * weightFloats(m) * copies + 5 * ratings;
  const codes = m.served.networks.reduce((n, t) => {
    const { train } = t.trainData;
    const h = t.trainConfig.hidden;
    return n + 4 * (train.rows * h + train.cols * (h + 1));
  }, 0);
  return { withRatings, withoutRatings: codes + 4 * (m.split.train.ratings.length + m.split.valid.ratings.length) };
}
