import type { ParseProgress } from '../data/parse';
import type { DatasetSummary } from '../data/summary';
import type { ParseError } from '../data/types';
import type { BackendInfo, BackendName, TrainConfig } from '../model/config';
import type { EpochStats } from '../model/trainer';

/** UI -> worker. */
export type ToWorker =
  | { type: 'load'; file: File }
  | { type: 'loadDemo' }
  | { type: 'start'; config: TrainConfig; backend: BackendName }
  | { type: 'stop' };

/** Worker -> UI. */
export type FromWorker =
  | { type: 'progress'; progress: ParseProgress }
  | { type: 'loaded'; summary: DatasetSummary }
  | { type: 'loadError'; error: ParseError }
  | { type: 'backend'; info: BackendInfo }
  | { type: 'started'; trainRatings: number; testRatings: number }
  | { type: 'epoch'; stats: EpochStats }
  | { type: 'done'; reason: 'finished' | 'stopped' }
  | { type: 'trainError'; message: string };

export type { BackendInfo, BackendName, DatasetSummary, EpochStats, ParseError, ParseProgress, TrainConfig };
