import type { Baselines } from '../baselines/bias-baselines';
import type { ParseProgress } from '../data/read/parse-progress';
import type { DatasetSummary } from '../data/summary';
import type { ParseError } from '../data/types';
import type { RankingFigures } from '../data/ranking';
import type { BackendChoice, BackendInfo, TrainConfig } from '../config/config';
import type { LiveChanges } from '../config/settings';
import type { MemoryPlan } from '../compute/memory';
import type { ItemInfo, ModelView } from '../serve/model-view';
import type { RunPlan } from '../train/plan';
import type { EpochStats } from '../train/metrics';
import type { PausedAt, RunEnd, RunState } from '../train/training-run';
import type { TuneOptions } from '../config/tune-options';
import type { SpaceJson, Tunable } from '../config/tune-space';
import type { TrialResult, TuneResult } from '../config/tune-results';
import type { TuneState } from '../tune/tuner';

/** UI -> worker. */
export type ToWorker =
  | { type: 'load'; file: File }
  | { type: 'loadTest'; file: File }
  /** Several files dropped or chosen at once: ratings, titles, a test file, recognised by content (src/data/read/files.ts). */
  | { type: 'loadFiles'; files: File[] }
  | { type: 'loadDemo' }
  /** measure: 'auto' times webgpu and wasm even on a software adapter (test hook `?testHooks&measureBackends`). */
  | { type: 'start'; config: TrainConfig; backend: BackendChoice; measure?: boolean }
  /** After a lost GPU: continue from the last checkpoint on this backend. */
  | { type: 'resumeOn'; backend: BackendChoice }
  /** Test hook: lose the WebGPU device as a driver reset would. */
  | { type: 'loseDevice' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'stop' }
  /** Measure precision/recall/NDCG@10 every epoch (the chart shows NDCG@10), this run from its next epoch and the runs after; off: not measured. */
  | { type: 'rankEpochs'; on: boolean }
  /** Measure train RMSE over every training rating each epoch (the epoch table's switch), this run from its next epoch and the runs after. */
  | { type: 'trainRmse'; on: boolean }
  /** Settings a running run takes at its next batch (LIVE_SETTINGS): the learning rate, λ, dropout, … */
  | { type: 'setLive'; changes: LiveChanges }
  /** minRatings: items with fewer training ratings are not recommended (absent: the default for the data, src/serve/recommend.ts). */
  | { type: 'recommend'; user: number; minRatings?: number }
  /** What a run with these settings would need on this backend, before Start; answered by a 'plan' with the same id. */
  | { type: 'plan'; id: number; config: TrainConfig; backend: BackendChoice }
  /** The kept model as one file (src/serve/model-file.ts): answered by 'modelFile' or 'modelError'. */
  | { type: 'saveModel'; withoutRatings?: boolean }
  /** What Save would write, with and without the ratings: answered by 'modelSizes'. */
  | { type: 'modelSizes' }
  /** The kept model as a TensorFlow.js LayersModel in a zip (src/serve/layers-export.ts): answered by 'layersFile' or 'modelError'. */
  | { type: 'exportLayers' }
  /** A model file: its data and weights replace what is loaded (on this backend); answered by 'modelOpened' or 'modelError'. */
  | { type: 'openModel'; file: Blob; name: string; backend: BackendChoice }
  /** Trains the kept model this many epochs further, from where it stopped (optimizer state included). */
  | { type: 'continueModel'; epochs: number }
  /** Every user's top n as CSV (src/serve/recommend.ts topNForAllUsers, src/serve/top-n-csv.ts), in blocks: 'exportProgress' per block, then 'exportFile'. */
  | { type: 'exportAll'; n: number; minRatings?: number }
  /** The items nearest this one (dense index) in the last item map's vectors: answered by 'neighbours'. */
  | { type: 'neighbours'; item: number }
  /**
   * Tune: search `space` around the `base` settings within the options' budget (src/tune), then evaluate on
   * test once; with `recipe` (a key of RECIPES), train that recipe's members instead of searching.
   */
  | { type: 'tune'; base: TrainConfig; space: SpaceJson; options: TuneOptions; backend: BackendChoice; recipe?: string }
  | { type: 'tuneControl'; action: 'pause' | 'resume' | 'stop' };

/** What a search reports as it goes (one 'tune' message each). */
export type TuneEvent =
  | { kind: 'started'; searched: Tunable[]; rungs: number[]; trainRatings: number; validRatings: number; testRatings: number; compute: 'dense' | 'sparse' }
  | { kind: 'trialStart'; id: number; config: TrainConfig; values: TrialResult['values'] }
  | { kind: 'epoch'; id: number; stats: EpochStats }
  | { kind: 'trialEnd'; trial: TrialResult }
  /** An epoch of a chosen trial's refit on training + validation (after the search). */
  | { kind: 'refitEpoch'; id: number; epoch: number; epochs: number }
  | { kind: 'state'; state: TuneState }
  | { kind: 'result'; result: TuneResult }
  | { kind: 'error'; message: string };

export interface RunInfo {
  trainRatings: number;
  /** Ratings held out from the training side for model selection (0 when the validation share is 0). */
  validRatings: number;
  testRatings: number;
  /** Test ratings whose user or item has no training rating (predicted by the cold-start baseline, src/baselines/cold-start.ts). */
  unseenTest: number;
  /** The same for validation ratings. */
  unseenValid: number;
  /** Training ratings whose (user, item) pair is also in the test set (a second file, a preset split): removed from training. */
  overlapRemoved: number;
  compute: 'dense' | 'sparse';
  /** Why: 'as chosen', or what 'auto' went by. */
  computeReason: string;
  /** 'fused': each batch one fused step in the kernels; 'ops': tfjs's ops (src/train/fused-training.ts says which runs fuse). */
  step: 'fused' | 'ops';
  memory: MemoryPlan;
  baselines: Baselines;
}

export interface RecommendedItem {
  item: number;
  title: string;
  /** Clipped to the rating scale. */
  predicted: number;
  /** Unclipped: what the top list is ranked by (absent from results before it was sent). */
  score?: number;
  /** The user's held-out rating (in the top list too, where a held-out item is recommended). */
  actual?: number;
  /** Training ratings of the item (top list). */
  trainRatings?: number;
  /** Why (top list): the user's liked ratings nearest the item in the model's learned item space, nearest first. */
  because?: { item: number; title: string; rating: number; similarity: number }[];
}

export interface Recommendations {
  /** Raw (file) ids. */
  user: number;
  top: RecommendedItem[];
  heldOut: RecommendedItem[];
  /** Items with fewer training ratings than this were not recommended. */
  minRatings?: number;
  /** The default of minRatings for this data. */
  defaultMinRatings?: number;
  /** Items with at least minRatings training ratings. */
  eligibleItems?: number;
  /** Predictions are clipped to the data's rating scale. */
  ratingMin?: number;
  ratingMax?: number;
}

/** An item near another on the item map's vectors (cosine similarity), with its title and training ratings. */
export interface Neighbour {
  item: number;
  title: string;
  similarity: number;
  ratings: number;
}

/** Worker -> UI. */
export type FromWorker =
  | { type: 'progress'; progress: ParseProgress }
  | { type: 'loaded'; summary: DatasetSummary }
  | { type: 'loadError'; error: ParseError }
  | { type: 'backend'; info: BackendInfo }
  | { type: 'started'; run: RunInfo }
  | { type: 'epoch'; stats: EpochStats }
  | { type: 'runState'; state: RunState; end?: RunEnd; pausedAt?: PausedAt }
  | { type: 'trainError'; message: string; resumeFrom?: number }
  | { type: 'recommendations'; result: Recommendations }
  | { type: 'recommendError'; message: string }
  | { type: 'plan'; id: number; plan: RunPlan }
  /** The kept model as a file: a network's (its epoch) or a blend's (`members`). */
  | { type: 'modelFile'; name: string; bytes: Uint8Array; epoch: number; members?: number; withoutRatings?: boolean }
  | { type: 'modelSizes'; sizes: SaveSizes }
  | { type: 'modelError'; message: string }
  /** The kept model as a TensorFlow.js LayersModel: a zip of model.json, weights.bin and autorec.json, named after its model file. */
  | { type: 'layersFile'; name: string; bytes: Uint8Array }
  | { type: 'exportProgress'; done: number; total: number }
  | { type: 'exportFile'; name: string; file: Blob; users: number; ms: number }
  | { type: 'exportError'; message: string }
  /** The kept model's item map and network statistics, every few epochs; `info` once per dataset. */
  | { type: 'modelView'; view: ModelView; info?: ItemInfo }
  | { type: 'neighbours'; item: number; list: Neighbour[]; minRatings: number }
  /** A model file was opened: its run's epochs so far, how far it trained and which epoch it keeps. */
  | { type: 'modelOpened'; name: string; config: TrainConfig; epochs: EpochStats[]; trained: number; keptEpoch: number; blend?: BlendInfo; /** A file saved without its ratings: what it was. */ withoutRatings?: string }
  /** After a run: its kept model's ranking at 10 on every ranked test user, and the most popular items' on the same users. */
  | { type: 'keptRanking'; epoch: number; kept: RankingFigures; popular: RankingFigures }
  /** A search's result now serves recommendations and saves as one file (until a run starts or other data comes). */
  | { type: 'blendKept'; blend: BlendInfo }
  | { type: 'tune'; event: TuneEvent };

/** What a saved model file holds, and its size in bytes with the ratings and without them (or why it cannot leave them out). */
export interface SaveSizes {
  holds: string;
  withRatings: number;
  withoutRatings?: number;
  whyNot?: string;
  /** The sizes are reckoned from the model's parts (a big model is not written out to be weighed). */
  approximate?: boolean;
}

/** A blend that serves (Tune's result, or a blend's file): what the page says of it. */
export interface BlendInfo {
  members: number;
  refit: boolean;
  testRmse: number;
  testNdcg10?: number;
  /** The network whose item space the item map and "because you liked" show, in words. */
  mapShows: string;
}

export type { ItemInfo, ModelView };
export type { NetworkStats, LayerStats, Histogram as LayerHistogram } from '../serve/network-stats';
export type { SpaceJson, TrialResult, TuneOptions, TuneResult, TuneState, Tunable };
export type { RankingFigures };
export type { BackendChoice, BackendInfo, Baselines, DatasetSummary, EpochStats, MemoryPlan, ParseError, ParseProgress, PausedAt, RunEnd, RunPlan, RunState, TrainConfig };
