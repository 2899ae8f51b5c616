import { useCallback, useEffect, useReducer, useRef } from 'react';
import type {
  BackendInfo,
  BackendName,
  DatasetSummary,
  EpochStats,
  FromWorker,
  ParseError,
  ParseProgress,
  ToWorker,
  TrainConfig,
} from '../worker/messages';

export type Phase = 'empty' | 'loading' | 'ready' | 'starting' | 'training' | 'stopping';

export interface TrainerState {
  phase: Phase;
  dataset?: DatasetSummary;
  progress?: ParseProgress;
  loadError?: ParseError;
  backend?: BackendInfo;
  split?: { train: number; test: number };
  epochs: EpochStats[];
  trainError?: string;
  lastRun?: 'finished' | 'stopped';
}

type Action = FromWorker | { type: 'loading' } | { type: 'starting' } | { type: 'stopping' };

function reduce(s: TrainerState, a: Action): TrainerState {
  switch (a.type) {
    case 'loading':
      return { ...s, phase: 'loading', progress: undefined, loadError: undefined };
    case 'progress':
      return { ...s, progress: a.progress };
    case 'loaded':
      return { ...s, phase: 'ready', dataset: a.summary, progress: undefined, loadError: undefined, epochs: [], lastRun: undefined };
    case 'loadError':
      return { ...s, phase: s.dataset ? 'ready' : 'empty', progress: undefined, loadError: a.error };
    case 'starting':
      return { ...s, phase: 'starting', epochs: [], trainError: undefined, lastRun: undefined };
    case 'backend':
      return { ...s, backend: a.info };
    case 'started':
      return { ...s, phase: 'training', split: { train: a.trainRatings, test: a.testRatings } };
    case 'epoch':
      return { ...s, epochs: [...s.epochs, a.stats] };
    case 'stopping':
      return s.phase === 'training' || s.phase === 'starting' ? { ...s, phase: 'stopping' } : s;
    case 'done':
      return { ...s, phase: 'ready', lastRun: a.reason };
    case 'trainError':
      return { ...s, phase: s.dataset ? 'ready' : 'empty', trainError: a.message };
  }
}

/** Owns the training worker: sends it commands, folds its messages into state. */
export function useTrainer() {
  const [state, dispatch] = useReducer(reduce, { phase: 'empty', epochs: [] });
  const worker = useRef<Worker | null>(null);

  useEffect(() => {
    const w = new Worker(new URL('../worker/train.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<FromWorker>) => dispatch(e.data);
    w.onerror = (e) => dispatch({ type: 'trainError', message: `worker failed: ${e.message}` });
    worker.current = w;
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  const send = useCallback((msg: ToWorker) => worker.current?.postMessage(msg), []);

  return {
    state,
    loadFile: useCallback(
      (file: File) => {
        dispatch({ type: 'loading' });
        send({ type: 'load', file });
      },
      [send],
    ),
    loadDemo: useCallback(() => {
      dispatch({ type: 'loading' });
      send({ type: 'loadDemo' });
    }, [send]),
    start: useCallback(
      (config: TrainConfig, backend: BackendName) => {
        dispatch({ type: 'starting' });
        send({ type: 'start', config, backend });
      },
      [send],
    ),
    stop: useCallback(() => {
      dispatch({ type: 'stopping' });
      send({ type: 'stop' });
    }, [send]),
  };
}
