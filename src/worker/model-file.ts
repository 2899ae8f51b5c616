import type { BackendChoice } from '../config/config';
import { decodeModel, encodeModel } from '../serve/model-file';
import { captureModel, openModel } from '../serve/saved-model';
import { threadsOf, type WorkerBackend } from './backend';
import type { LoadedData } from './dataset';
import { errorText } from './error-text';
import { modelFileName } from '../serve/model-file-name';
import { exportTrainer, layersZipName, zipFiles } from '../serve/layers-export';
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
      const bytes = encodeModel(await captureModel(m));
      const name = modelFileName(m.dataset.source, m.config, m.trainer.epoch);
      this.post({ type: 'modelFile', name, bytes, epoch: m.trainer.epoch });
    } catch (err) {
      this.post({ type: 'modelError', message: `Saving failed: ${errorText(err)}` });
    }
  }

  /** The model as a TensorFlow.js LayersModel (src/serve/layers-export.ts): a zip posted for the page to download, or why not. */
  async exportLayers(): Promise<void> {
    const m = this.parts.serving.current;
    if (!m) return this.post({ type: 'modelError', message: 'Train a model first: there is nothing to export yet.' });
    try {
      const r = await exportTrainer(m.trainer, m.dataset);
      if (!r.ok) return this.post({ type: 'modelError', message: r.error });
      const name = layersZipName(modelFileName(m.dataset.source, m.config, m.trainer.epoch));
      this.post({ type: 'layersFile', name, bytes: zipFiles(r.value.files) });
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
      const m = await openModel(opened.model, b.name, name);
      await training.end();
      data.replace(m.dataset);
      gate.cancelled = false; // the data it replaced had no run being set up: this is that very transition
      serving.keep({ trainer: m.trainer, split: m.split, config: m.config, dataset: m.dataset, epochs: opened.model.epochs });
      const s = opened.model.state;
      this.post({ type: 'modelOpened', name, config: m.config, epochs: opened.model.epochs, trained: s.epoch, keptEpoch: s.selected.epoch });
      void views.show(m.trainer, m.dataset);
    } catch (err) {
      this.post({ type: 'modelError', message: `${name}: ${errorText(err)}` });
    } finally {
      gate.busy = false;
    }
  }
}
