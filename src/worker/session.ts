import { WorkerBackend, type BackendOptions } from './backend';
import { LoadedData } from './dataset';
import type { FromWorker, ToWorker } from './messages';
import { ModelFiles } from './model-file';
import { postPlan } from './plan';
import { Training } from './run';
import { Serving } from './serving';
import { SetupGate } from './setup-gate';
import { Tuning } from './tune-session';
import { ModelViews } from './views';

/**
 * What the training worker holds, one part per job: the data (./dataset.ts), the backend and its threads
 * (./backend.ts), the run and a lost GPU's checkpoint (./run.ts), the kept model and what it serves
 * (./serving.ts), its views (./views.ts), model files (./model-file.ts), plans (./plan.ts) and a search
 * (./tune-session.ts). The session wires them together and hands each message from the page to its part.
 */
export class Session {
  private readonly backend: WorkerBackend;
  private readonly data: LoadedData;
  private readonly serving: Serving;
  private readonly training: Training;
  private readonly tuning: Tuning;
  private readonly files: ModelFiles;

  constructor(
    private readonly post: (msg: FromWorker) => void,
    backendOptions: BackendOptions = {},
  ) {
    const gate = new SetupGate();
    const backend = (this.backend = new WorkerBackend(post, backendOptions, (reason) => this.training.deviceLost(reason)));
    const data = (this.data = new LoadedData(post, () => {
      this.training.stop(); // a run ends at its next batch; its model is dropped, the data it knew is gone
      this.tuning.stop(); // a search ends too (it still reports on the data it searched)
      this.serving.drop();
      this.training.forgetLost();
    }));
    const views = new ModelViews(post, () => data.dataset);
    const serving = (this.serving = new Serving(post, () => data.dataset, views, () => this.training.liveModel()));
    const training = (this.training = new Training(post, { data, backend, gate, serving, views, endTuning: () => this.tuning.end() }));
    this.tuning = new Tuning(post, { data, backend, gate, training, serving, views });
    this.files = new ModelFiles(post, { data, backend, gate, serving, training, views });
  }

  /** One message from the page: a transition of the part it concerns. */
  dispatch(msg: ToWorker): void {
    switch (msg.type) {
      case 'load':
        return void this.data.load(msg.file);
      case 'loadFiles':
        return void this.data.loadFiles(msg.files);
      case 'loadTest':
        return void this.data.loadTest(msg.file);
      case 'loadDemo':
        return this.data.loadDemo();
      case 'start':
        return void this.training.start(msg.config, msg.backend, msg.measure);
      case 'resumeOn':
        return void this.training.resumeOn(msg.backend);
      case 'loseDevice':
        return this.backend.loseDevice();
      case 'pause':
        return this.training.pause();
      case 'resume':
        return this.training.resume();
      case 'step':
        return this.training.step();
      case 'stop':
        return this.training.stop();
      case 'setLive':
        return this.training.setLive(msg.changes);
      case 'trainRmse':
        return this.training.trainRmse(msg.on);
      case 'rankEpochs':
        return this.training.rankEpochs(msg.on);
      case 'recommend':
        return void this.serving.recommend(msg.user, msg.minRatings);
      case 'plan':
        return void postPlan(msg.id, msg.config, msg.backend, { data: this.data, backend: this.backend, post: this.post });
      case 'saveModel':
        return void this.files.save(msg.withoutRatings);
      case 'modelSizes':
        return void this.files.sizes();
      case 'exportLayers':
        return void this.files.exportLayers();
      case 'openModel':
        return void this.files.open(msg.file, msg.name, msg.backend);
      case 'continueModel':
        return void this.training.continueModel(msg.epochs);
      case 'exportAll':
        return void this.serving.exportAll(msg.n, msg.minRatings);
      case 'neighbours':
        return void this.serving.neighbours(msg.item);
      case 'tune':
        return void this.tuning.tune(msg.base, msg.space, msg.options, msg.backend, msg.recipe);
      case 'tuneControl':
        return this.tuning.control(msg.action);
    }
  }
}
