import { startTransition, useCallback, useEffect, useReducer, useRef } from 'react';
import type {
  BackendInfo,
  BackendChoice,
  DatasetSummary,
  EpochStats,
  FromWorker,
  ItemInfo,
  ModelView,
  Neighbour,
  ParseError,
  ParseProgress,
  PausedAt,
  Recommendations,
  RunEnd,
  RunInfo,
  RunPlan,
  RunState,
  ToWorker,
  TrainConfig,
  TuneEvent,
} from '../../worker/messages';

export type Phase = 'empty' | 'loading' | 'ready' | 'starting' | 'resetting' | RunState;

export interface TrainerState {
  phase: Phase;
  dataset?: DatasetSummary;
  progress?: ParseProgress;
  loadError?: ParseError;
  backend?: BackendInfo;
  run?: RunInfo;
  epochs: EpochStats[];
  /** How the run ended (finished or stopped), from the worker. */
  end?: RunEnd;
  /** Where a paused run stands (possibly inside an epoch). */
  pausedAt?: PausedAt;
  trainError?: string;
  /** Set after a lost GPU: the run can continue from this epoch on another backend. */
  resumeFrom?: number;
  recommendations?: Recommendations;
  recommendError?: string;
  /** The latest memory plan the worker made, and the settings it was made for (see plan()). */
  plan?: PlannedRun;
  /** The model file last opened (its name, epochs trained, kept epoch), until other data is loaded. */
  openedModel?: { name: string; trained: number; keptEpoch: number; config: TrainConfig };
  /** The last model file made by Save model. */
  savedModel?: { name: string; epoch: number };
  modelError?: string;
  /** The all-users export in progress (users done of total), or its last outcome. */
  exportAll?: { done: number; total: number; running: boolean; error?: string; users?: number; ms?: number };
  /** The kept model's item map and network statistics (every few epochs), and the items' titles, genres, ratings. */
  view?: ModelView;
  itemInfo?: ItemInfo;
  neighbours?: { item: number; list: Neighbour[]; minRatings: number };
}

export interface PlannedRun {
  plan: RunPlan;
  config: TrainConfig;
  backend: BackendChoice;
}

const EPOCH_BATCH_MS = 100;

/** One empty list, so that clearing an empty curve changes nothing the chart sees. */
const NO_EPOCHS: EpochStats[] = [];

type Action =
  | Exclude<FromWorker, { type: 'plan' } | { type: 'tune' }>
  | ({ type: 'planned' } & PlannedRun)
  | { type: 'epochs'; stats: EpochStats[] }
  | { type: 'loading' }
  | { type: 'starting' }
  | { type: 'resuming' }
  | { type: 'continuing' }
  | { type: 'exporting' }
  | { type: 'reset' };

function reduce(s: TrainerState, a: Action): TrainerState {
  switch (a.type) {
    case 'loading':
      return { ...s, phase: 'loading', progress: undefined, loadError: undefined };
    case 'progress':
      return { ...s, progress: a.progress };
    case 'loaded':
      return { ...s, view: undefined, itemInfo: undefined, neighbours: undefined, openedModel: undefined, modelError: undefined, phase: 'ready', dataset: a.summary, progress: undefined, loadError: undefined, epochs: NO_EPOCHS, run: undefined, end: undefined, pausedAt: undefined, plan: undefined };
    case 'planned':
      return { ...s, plan: { plan: a.plan, config: a.config, backend: a.backend } };
    case 'loadError':
      return { ...s, phase: s.dataset ? 'ready' : 'empty', progress: undefined, loadError: a.error };
    case 'starting':
      return { ...s, view: undefined, neighbours: undefined, phase: 'starting', epochs: NO_EPOCHS, end: undefined, pausedAt: undefined, trainError: undefined, resumeFrom: undefined, run: undefined, recommendations: undefined, recommendError: undefined };
    case 'resuming':
      return { ...s, phase: 'starting', epochs: s.epochs.filter((e) => e.epoch <= (s.resumeFrom ?? 0)), end: undefined, pausedAt: undefined, trainError: undefined, resumeFrom: undefined };
    case 'backend':
      return { ...s, backend: a.info };
    case 'started':
      return { ...s, run: a.run };
    case 'epoch':
      return s.phase === 'resetting' ? s : { ...s, epochs: [...s.epochs, a.stats] };
    case 'epochs':
      return s.phase === 'resetting' ? s : { ...s, epochs: [...s.epochs, ...a.stats] };
    case 'runState':
      return s.phase === 'resetting' ? { ...s, phase: 'ready', end: undefined, pausedAt: undefined } : { ...s, phase: a.state, end: a.end, pausedAt: a.pausedAt };
    case 'recommendations':
      return { ...s, recommendations: a.result, recommendError: undefined };
    case 'recommendError':
      return { ...s, recommendError: a.message };
    case 'reset': {
      const live = s.phase === 'running' || s.phase === 'paused' || s.phase === 'starting';
      return { ...s, phase: live ? 'resetting' : s.dataset ? 'ready' : 'empty', epochs: NO_EPOCHS, run: undefined, end: undefined, pausedAt: undefined, trainError: undefined };
    }
    case 'modelFile':
      return { ...s, savedModel: { name: a.name, epoch: a.epoch }, modelError: undefined };
    case 'modelError':
      return { ...s, modelError: a.message, phase: s.phase === 'loading' ? (s.dataset ? 'ready' : 'empty') : s.phase };
    case 'modelOpened':
      return {
        ...s,
        phase: 'finished',
        epochs: a.epochs,
        openedModel: { name: a.name, trained: a.trained, keptEpoch: a.keptEpoch, config: a.config },
        modelError: undefined,
        recommendations: undefined,
        recommendError: undefined,
        end: { kind: 'completed', message: `opened ${a.name}: ${a.trained} epochs trained, kept epoch ${a.keptEpoch}` },
      };
    case 'modelView':
      // a view arrives after the epoch it shows; an older one (an end-of-run view of the kept epoch) replaces none newer
      return { ...s, view: a.view, ...(a.info && { itemInfo: a.info }) };
    case 'neighbours':
      return { ...s, neighbours: { item: a.item, list: a.list, minRatings: a.minRatings } };
    case 'exportProgress':
      return { ...s, exportAll: { done: a.done, total: a.total, running: a.done < a.total } };
    case 'exportFile':
      return { ...s, exportAll: { done: a.users, total: a.users, running: false, users: a.users, ms: a.ms } };
    case 'exportError':
      return { ...s, exportAll: { done: 0, total: 0, running: false, error: a.message } };
    case 'exporting':
      return { ...s, exportAll: { done: 0, total: 0, running: true } };
    case 'continuing':
      return { ...s, phase: 'starting', end: undefined, pausedAt: undefined, trainError: undefined, modelError: undefined };
    case 'trainError':
      return { ...s, phase: s.phase === 'starting' ? (s.dataset ? 'ready' : 'empty') : s.phase, trainError: a.message, resumeFrom: a.resumeFrom };
  }
}

/** `?testHooks` in the first URL exposes window.autorecTest (to simulate a lost GPU in browser tests). */
const TEST_HOOKS = new URLSearchParams(window.location.search).has('testHooks');
/** With testHooks, `measureBackends` makes 'auto' measure webgpu against wasm even on a software adapter. */
const MEASURE = TEST_HOOKS && new URLSearchParams(window.location.search).has('measureBackends');

/** Owns the training worker: sends it commands, folds its messages into state. */
export function useTrainer(onModelFile?: (name: string, bytes: Uint8Array) => void, onExportFile?: (name: string, file: Blob) => void) {
  const [state, dispatch] = useReducer(reduce, { phase: 'empty', epochs: NO_EPOCHS });
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
    setLearningRate: (value: number) => send({ type: 'setLearningRate', value }),
    recommend: (user: number, minRatings?: number) => send({ type: 'recommend', user, minRatings }),
    saveModel: () => send({ type: 'saveModel' }),
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
