import { startTransition, useCallback, useEffect, useReducer, useRef } from 'react';
import type { LiveChanges } from '../../config/settings';
import { NO_EPOCHS, reduceSessionView } from './session-view';
import type {
  BackendChoice,
  EpochStats,
  FromWorker,
  ToWorker,
  TrainConfig,
  TuneEvent,
} from '../../worker/messages';

const EPOCH_BATCH_MS = 100;

/** `?testHooks` in the first URL exposes window.autorecTest (to simulate a lost GPU in browser tests). */
const TEST_HOOKS = new URLSearchParams(window.location.search).has('testHooks');
/** With testHooks, `measureBackends` makes 'auto' measure webgpu against wasm even on a software adapter. */
const MEASURE = TEST_HOOKS && new URLSearchParams(window.location.search).has('measureBackends');

/** Owns the training worker: sends it commands, folds its messages into state. */
export function useTrainer(onModelFile?: (name: string, bytes: Uint8Array) => void, onExportFile?: (name: string, file: Blob) => void) {
  const [state, dispatch] = useReducer(reduceSessionView, { phase: 'empty', epochs: NO_EPOCHS });
  const worker = useRef<Worker | null>(null);
  /** The latest plan asked for: an answer to an older one is dropped. */
  const planAsked = useRef<{ id: number; config: TrainConfig; backend: BackendChoice } | undefined>(undefined);
  const modelFileRef = useRef(onModelFile);
  modelFileRef.current = onModelFile;
  const exportFileRef = useRef(onExportFile);
  exportFileRef.current = onExportFile;
  /** Where a search's messages go (useTuner). */
  const tuneListener = useRef<((e: TuneEvent) => void) | undefined>(undefined);

  useEffect(() => {
    const w = new Worker(new URL('../../worker/train.worker.ts', import.meta.url), { type: 'module' });
    // Epochs that arrive close together are shown together (one render per EPOCH_BATCH_MS at most),
    // and as a transition: React renders in slices between which the page stays responsive.
    let pending: EpochStats[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The item map and network view ride with the epochs' batches (the latest one wins): never a render of their own.
    let view: Extract<FromWorker, { type: 'modelView' }> | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      const [stats, v] = [pending, view];
      pending = [];
      view = undefined;
      if (stats.length > 0 || v)
        startTransition(() => {
          if (stats.length > 0) dispatch({ type: 'epochs', stats });
          if (v) dispatch(v);
        });
    };
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.type === 'modelView') {
        // titles and genres come once per dataset: a view that replaces one carrying them keeps them
        view = view?.info && !m.info ? { ...m, info: view.info } : m;
        timer ??= setTimeout(flush, EPOCH_BATCH_MS);
        return;
      }
      if (m.type === 'epoch') {
        pending.push(m.stats);
        timer ??= setTimeout(flush, EPOCH_BATCH_MS);
        return;
      }
      if (m.type === 'tune') {
        tuneListener.current?.(m.event);
        return;
      }
      if (m.type === 'plan') {
        const asked = planAsked.current;
        if (asked?.id === m.id) startTransition(() => dispatch({ type: 'planned', plan: m.plan, config: asked.config, backend: asked.backend }));
        return;
      }
      if (m.type === 'modelFile') modelFileRef.current?.(m.name, m.bytes);
      if (m.type === 'exportFile') exportFileRef.current?.(m.name, m.file);
      if (m.type === 'layersFile') exportFileRef.current?.(m.name, new Blob([m.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
      flush(); // epochs before whatever followed them
      startTransition(() => dispatch(m));
    };
    w.onerror = (e) => dispatch({ type: 'trainError', message: `The training worker failed: ${e.message}` });
    worker.current = w;
    if (TEST_HOOKS) (window as unknown as { autorecTest?: object }).autorecTest = { loseDevice: () => w.postMessage({ type: 'loseDevice' } satisfies ToWorker) };
    return () => {
      clearTimeout(timer);
      w.terminate();
      worker.current = null;
    };
  }, []);

  const send = useCallback((msg: ToWorker) => worker.current?.postMessage(msg), []);

  const actions = useRef({
    /** One file, or several dropped or chosen together (ratings, titles, a test file: recognised by content in the worker). */
    loadFile(file: File | File[]) {
      dispatch({ type: 'loading' });
      send(file instanceof File ? { type: 'load', file } : file.length === 1 ? { type: 'load', file: file[0] } : { type: 'loadFiles', files: file });
    },
    loadTestFile(file: File) {
      dispatch({ type: 'loading' });
      send({ type: 'loadTest', file });
    },
    loadDemo() {
      dispatch({ type: 'loading' });
      send({ type: 'loadDemo' });
    },
    start(config: TrainConfig, backend: BackendChoice) {
      dispatch({ type: 'starting' }); // urgent: the status and buttons answer the click before the next task
      send({ type: 'start', config, backend, ...(MEASURE && { measure: true }) });
    },
    resumeOn(backend: BackendChoice) {
      dispatch({ type: 'resuming' });
      send({ type: 'resumeOn', backend });
    },
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    step: () => send({ type: 'step' }),
    stop: () => send({ type: 'stop' }),
    /** Stops any run and clears its curve. */
    reset() {
      dispatch({ type: 'reset' });
      send({ type: 'stop' });
    },
    /** Whether epochs measure the ranking at 10 (while the chart shows NDCG@10): the running run from its next epoch. */
    rankEpochs: (on: boolean) => send({ type: 'rankEpochs', on }),
    /** Whether epochs measure train RMSE over every training rating (the epoch table's switch). */
    trainRmse: (on: boolean) => send({ type: 'trainRmse', on }),
    /** Live settings go to the running run at once (its next batch). */
    setLive: (changes: LiveChanges) => send({ type: 'setLive', changes }),
    recommend: (user: number, minRatings?: number) => send({ type: 'recommend', user, minRatings }),
    saveModel: (withoutRatings = false) => send({ type: 'saveModel', withoutRatings }),
    modelSizes: () => send({ type: 'modelSizes' }),
    /** The kept model as a TensorFlow.js LayersModel (a zip download). */
    exportLayers: () => send({ type: 'exportLayers' }),
    /** A model file (chosen, or kept in this browser): on the chosen backend. */
    openModel(file: Blob, name: string, backend: BackendChoice) {
      dispatch({ type: 'loading' });
      send({ type: 'openModel', file, name, backend });
    },
    neighbours: (item: number) => send({ type: 'neighbours', item }),
    exportAll(n: number, minRatings?: number) {
      dispatch({ type: 'exporting' });
      send({ type: 'exportAll', n, minRatings });
    },
    continueModel(epochs: number) {
      dispatch({ type: 'continuing' });
      send({ type: 'continueModel', epochs });
    },
    /** Asks the worker what a run with these settings would need (memory, refusal) before Start: state.plan. */
    plan(config: TrainConfig, backend: BackendChoice) {
      const id = (planAsked.current?.id ?? 0) + 1;
      planAsked.current = { id, config, backend };
      send({ type: 'plan', id, config, backend });
    },
  }).current;

  return { state, ...actions, send, tuneListener };
}
