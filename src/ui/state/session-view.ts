import type {
  BackendInfo,
  BlendInfo,
  RankingFigures,
  SaveSizes,
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
  TrainConfig,
} from '../../worker/messages';

export type Phase = 'empty' | 'loading' | 'ready' | 'starting' | 'resetting' | RunState;

/** What the page knows of the worker's session: the data, the run, its epochs, the model and its views. */
export interface SessionView {
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
  openedModel?: { name: string; trained: number; keptEpoch: number; config: TrainConfig; blend?: BlendInfo; withoutRatings?: string };
  /** The blend that serves recommendations (Tune's result, or an opened blend's file), until a run starts or other data comes. */
  blend?: BlendInfo;
  /** The last model file made by Save model (a network's epoch, or a blend's members). */
  savedModel?: { name: string; epoch: number; members?: number; withoutRatings?: boolean };
  /** After a run: its kept model's ranking at 10 on every ranked test user, beside the most popular items'. */
  keptRanking?: { epoch: number; kept: RankingFigures; popular: RankingFigures };
  /** What Save would write and its sizes (asked for when the Model file tab shows a model to save). */
  saveSizes?: SaveSizes;
  modelError?: string;
  /** The last TensorFlow.js export (Export as TensorFlow.js model): its file's name. */
  layersFile?: string;
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

/** One empty list, so that clearing an empty curve changes nothing the chart sees. */
export const NO_EPOCHS: EpochStats[] = [];

export type SessionAction =
  | Exclude<FromWorker, { type: 'plan' } | { type: 'tune' }>
  | ({ type: 'planned' } & PlannedRun)
  | { type: 'epochs'; stats: EpochStats[] }
  | { type: 'loading' }
  | { type: 'starting' }
  | { type: 'resuming' }
  | { type: 'continuing' }
  | { type: 'exporting' }
  | { type: 'reset' };

/** The session view after one message from the worker (or one request of the page's own). */
export function reduceSessionView(s: SessionView, a: SessionAction): SessionView {
  switch (a.type) {
    case 'loading':
      return { ...s, phase: 'loading', progress: undefined, loadError: undefined };
    case 'progress':
      return { ...s, progress: a.progress };
    case 'loaded':
      return { ...s, view: undefined, itemInfo: undefined, neighbours: undefined, openedModel: undefined, blend: undefined, saveSizes: undefined, keptRanking: undefined, recommendations: undefined, modelError: undefined, phase: 'ready', dataset: a.summary, progress: undefined, loadError: undefined, epochs: NO_EPOCHS, run: undefined, end: undefined, pausedAt: undefined, plan: undefined };
    case 'planned':
      return { ...s, plan: { plan: a.plan, config: a.config, backend: a.backend } };
    case 'loadError':
      return { ...s, phase: s.dataset ? 'ready' : 'empty', progress: undefined, loadError: a.error };
    case 'starting':
      return { ...s, view: undefined, neighbours: undefined, blend: undefined, saveSizes: undefined, keptRanking: undefined, phase: 'starting', epochs: NO_EPOCHS, end: undefined, pausedAt: undefined, trainError: undefined, resumeFrom: undefined, run: undefined, recommendations: undefined, recommendError: undefined };
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
      return { ...s, savedModel: { name: a.name, epoch: a.epoch, ...(a.members !== undefined && { members: a.members }), ...(a.withoutRatings && { withoutRatings: true }) }, modelError: undefined };
    case 'keptRanking':
      return { ...s, keptRanking: { epoch: a.epoch, kept: a.kept, popular: a.popular } };
    case 'modelSizes':
      return { ...s, saveSizes: a.sizes };
    case 'blendKept':
      return { ...s, blend: a.blend, saveSizes: undefined, keptRanking: undefined, recommendations: undefined, recommendError: undefined, neighbours: undefined };
    case 'layersFile':
      return { ...s, layersFile: a.name, modelError: undefined };
    case 'modelError':
      return { ...s, modelError: a.message, phase: s.phase === 'loading' ? (s.dataset ? 'ready' : 'empty') : s.phase };
    case 'modelOpened':
      return {
        ...s,
        phase: 'finished',
        epochs: a.epochs,
        openedModel: { name: a.name, trained: a.trained, keptEpoch: a.keptEpoch, config: a.config, ...(a.blend && { blend: a.blend }), ...(a.withoutRatings !== undefined && { withoutRatings: a.withoutRatings }) },
        blend: a.blend,
        saveSizes: undefined,
        keptRanking: undefined,
        modelError: undefined,
        recommendations: undefined,
        recommendError: undefined,
        end: {
          kind: 'completed',
          message: a.blend ? `opened ${a.name}: Tune's blend of ${a.blend.members} networks` : a.withoutRatings !== undefined ? `opened ${a.name}: ${a.withoutRatings}, saved without its ratings` : `opened ${a.name}: ${a.trained} epochs trained, kept epoch ${a.keptEpoch}`,
        },
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

