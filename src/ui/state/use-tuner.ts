import { startTransition, useCallback, useEffect, useReducer, type MutableRefObject } from 'react';
import type { BackendChoice, EpochStats, SpaceJson, ToWorker, TrainConfig, TrialResult, TuneEvent, TuneOptions, TuneResult, TuneState, Tunable } from '../../worker/messages';

export type TunePhase = 'idle' | 'starting' | TuneState;

export interface TuneUiState {
  phase: TunePhase;
  searched: Tunable[];
  rungs: number[];
  sets?: { trainRatings: number; validRatings: number; testRatings: number };
  /** Finished trials, in the order they ran. */
  trials: TrialResult[];
  /** The trial training now. */
  current?: { id: number; values: TrialResult['values']; config: TrainConfig };
  /** Every trial's epochs so far (validation curves; the test figures are NaN: trials never see the test set). */
  epochs: Record<number, EpochStats[]>;
  result?: TuneResult;
  error?: string;
  /** The settings the search started from (what it does not vary). */
  base?: TrainConfig;
  /** The recipe trained instead of a search (its key), if any. */
  recipe?: string;
  /** The data the search ran on (its source, as the dataset summary names it): a result stays of that data. */
  dataset?: string;
  /** The search's budget as asked (trials, minutes, epoch cap): what the status's "of n" and time left are told from. */
  options?: TuneOptions;
  /** A chosen trial's refit in progress (after the search). */
  refit?: { id: number; epoch: number; epochs: number };
}

const IDLE: TuneUiState = { phase: 'idle', searched: [], rungs: [], trials: [], epochs: {} };

type Action = TuneEvent | { kind: 'epochs'; items: { id: number; stats: EpochStats }[] } | { kind: 'asked'; base: TrainConfig; recipe?: string; options?: TuneOptions; dataset?: string };

function reduce(s: TuneUiState, a: Action): TuneUiState {
  switch (a.kind) {
    case 'asked':
      return { ...IDLE, phase: 'starting', base: a.base, recipe: a.recipe, options: a.options, dataset: a.dataset };
    case 'started':
      return { ...s, searched: a.searched, rungs: a.rungs, sets: { trainRatings: a.trainRatings, validRatings: a.validRatings, testRatings: a.testRatings } };
    case 'trialStart':
      return { ...s, current: { id: a.id, values: a.values, config: a.config }, epochs: { ...s.epochs, [a.id]: [] } };
    case 'epoch':
      return reduce(s, { kind: 'epochs', items: [{ id: a.id, stats: a.stats }] });
    case 'epochs': {
      const epochs = { ...s.epochs };
      for (const { id, stats } of a.items) epochs[id] = [...(epochs[id] ?? []), stats];
      return { ...s, epochs };
    }
    case 'trialEnd':
      return { ...s, trials: [...s.trials, a.trial], current: s.current?.id === a.trial.id ? undefined : s.current };
    case 'state':
      return { ...s, phase: a.state, ...(a.state === 'stopped' || a.state === 'finished' ? { current: undefined } : {}) };
    case 'refitEpoch':
      return { ...s, refit: { id: a.id, epoch: a.epoch, epochs: a.epochs } };
    case 'result':
      return { ...s, result: a.result };
    case 'error':
      return { ...s, error: a.message };
  }
}

const EPOCH_BATCH_MS = 150;

/** A search in the training worker: asks for it, folds its messages into state (epochs batched, as transitions). */
export function useTuner(trainer: { send: (m: ToWorker) => void; tuneListener: MutableRefObject<((e: TuneEvent) => void) | undefined> }) {
  const [state, dispatch] = useReducer(reduce, IDLE);
  const { send, tuneListener } = trainer;
  useEffect(() => {
    let pending: { id: number; stats: EpochStats }[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (pending.length === 0) return;
      const items = pending;
      pending = [];
      startTransition(() => dispatch({ kind: 'epochs', items }));
    };
    tuneListener.current = (e) => {
      if (e.kind === 'epoch') {
        pending.push({ id: e.id, stats: e.stats });
        timer ??= setTimeout(flush, EPOCH_BATCH_MS);
        return;
      }
      flush();
      startTransition(() => dispatch(e));
    };
    return () => {
      clearTimeout(timer);
      tuneListener.current = undefined;
    };
  }, [tuneListener]);

  const start = useCallback(
    (base: TrainConfig, space: SpaceJson, options: TuneOptions, backend: BackendChoice, recipe?: string, dataset?: string) => {
      dispatch({ kind: 'asked', base, recipe, options, dataset });
      send({ type: 'tune', base, space, options, backend, ...(recipe !== undefined && { recipe }) });
    },
    [send],
  );
  const pause = useCallback(() => send({ type: 'tuneControl', action: 'pause' }), [send]);
  const resume = useCallback(() => send({ type: 'tuneControl', action: 'resume' }), [send]);
  const stop = useCallback(() => send({ type: 'tuneControl', action: 'stop' }), [send]);
  return { state, start, pause, resume, stop };
}
