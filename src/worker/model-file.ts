import type { BackendChoice } from '../config/config';
import { decodeModel, encodeBlend, encodeModel } from '../serve/model-file';
import { captureModel, openFile } from '../serve/saved-model';
import { blendInfo } from './blend-info';
import { threadsOf, type WorkerBackend } from './backend';
import type { LoadedData } from './dataset';
import { errorText } from './error-text';
import { blendFileName, modelFileName } from '../serve/model-file-name';
import { exportServed, layersZipName, zipFiles } from '../serve/layers-export';
import type { FromWorker } from './messages';
import type { Training } from './run';
import type { Serving } from './serving';
import type { SetupGate } from './setup-gate';
import type { ModelViews } from './views';

/** Model files in the worker (src/serve/model-file.ts): the served model saved as one file, a file opened in place of the data. */
export class ModelFiles {
  constructor(
    private readonly post: (msg: FromWorker) => void,
    private readonly parts: { data: LoadedData; backend: WorkerBackend; gate: SetupGate; serving: Serving; training: Training; views: ModelViews },
  ) {}

  /** The model as one file: posted as bytes for the page to download and keep. */
  async save(): Promise<void> {
    const m = this.parts.serving.current;
    if (!m) return this.post({ type: 'modelError', message: 'Train a model first: there is nothing to save yet.' });
    try {
      if (m.blend) {
        const bytes = encodeBlend(m.blend);
        this.post({ type: 'modelFile', name: blendFileName(m.dataset.source, m.blend.model.members.length), bytes, epoch: 0, members: m.blend.model.members.length });
        return;
      }
      const trainer = m.trainer!;
      const bytes = encodeModel(await captureModel({ ...m, trainer }));
      const name = modelFileName(m.dataset.source, m.config, trainer.epoch);
      this.post({ type: 'modelFile', name, bytes, epoch: trainer.epoch });
    } catch (err) {
      this.post({ type: 'modelError', message: `Saving failed: ${errorText(err)}` });
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
      else this.post({ type: 'modelOpened', name, config: m.config, epochs, trained: 0, keptEpoch: 0, blend: blendInfo(f) });
      void views.show(m.served.networks[0], m.dataset);
    } catch (err) {
      this.post({ type: 'modelError', message: `${name}: ${errorText(err)}` });
    } finally {
      gate.busy = false;
    }
  }
}
