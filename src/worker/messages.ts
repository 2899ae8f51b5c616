import type { Baselines } from '../data/baselines';
import type { ParseProgress } from '../data/parse';
import type { DatasetSummary } from '../data/summary';
import type { ParseError } from '../data/types';
import type { BackendChoice, BackendInfo, BackendName, TrainConfig } from '../model/config';
import type { MemoryPlan } from '../model/memory';
import type { EpochStats } from '../model/trainer';
import type { PausedAt, RunEnd, RunState } from '../model/training-run';

/** UI -> worker. */
export type ToWorker =
  | { type: 'load'; file: File }
  | { type: 'loadTest'; file: File }
  | { type: 'loadDemo' }
  | { type: 'start'; config: TrainConfig; backend: BackendChoice }
  /** After a lost GPU: continue from the last checkpoint on this backend. */
  | { type: 'resumeOn'; backend: BackendChoice }
  /** Test hook: lose the WebGPU device as a driver reset would. */
  | { type: 'loseDevice' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'stop' }
  | { type: 'setLearningRate'; value: number }
  | { type: 'recommend'; user: number };

export interface RunInfo {
  trainRatings: number;
  /** Ratings held out from the training side for model selection (0 when the validation share is 0). */
  validRatings: number;
  testRatings: number;
  /** Test ratings whose user or item has no training rating (predicted by the training mean). */
  unseenTest: number;
  /** The same for validation ratings. */
  unseenValid: number;
  /** Training ratings whose (user, item) pair is also in the test set (a second file, a preset split): removed from training. */
  overlapRemoved: number;
  compute: 'dense' | 'sparse';
  /** Why: 'as chosen', or what 'auto' went by. */
  computeReason: string;
  memory: MemoryPlan;
  baselines: Baselines;
}

export interface RecommendedItem {
  item: number;
  title: string;
  predicted: number;
  actual?: number;
}

export interface Recommendations {
  /** Raw (file) ids. */
  user: number;
  top: RecommendedItem[];
  heldOut: RecommendedItem[];
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
  | { type: 'recommendError'; message: string };

export type { BackendChoice, BackendInfo, BackendName, Baselines, DatasetSummary, EpochStats, MemoryPlan, ParseError, ParseProgress, PausedAt, RunEnd, RunState, TrainConfig };
