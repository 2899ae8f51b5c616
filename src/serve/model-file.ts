import type { Genres, RatingTriples } from '../data/types';
import type { TrainConfig } from '../config/config';
import type { SavedTrainerState } from '../train/checkpoint';
import type { EpochStats } from '../train/metrics';
import type { Blend, TuneResult } from '../config/tune-results';
import type { BlendMember, BlendOfMembers } from './blend-model';
import type { CodedNetwork } from './coded-model';

// The model file's format: what each kind holds (SavedModel, SavedBlend, SavedCodes) and its manifest. Writing it:
// ./model-file-write.ts; reading it back, checked: ./model-file-read.ts.
/**
 * The AutoRec Studio model file: one zip (fflate) holding manifest.json and binary blobs, every number
 * little-endian. The manifest names the format and its version, the run's settings, the kept epoch and its
 * figures, the dataset's summary, every blob's path, type and length, and every weight's shape; the blobs hold
 * the id maps, the weights (kept and current), the optimizer's state, and the three rating sets as CSR by user
 * (what recommendations read as each user's input, and what training continues on). Opening checks every length
 * against the manifest before anything is used.
 *
 * Version 2 adds a second kind, a blend (Tune's result: every member's settings and weights, the blend's weights
 * and intercept, the search's report; `kind: 'blend'` in the manifest); a network's file is as in version 1.
 * Version 1 files still open.
 */
export const MODEL_FORMAT = 'autorec-studio-model';
export const MODEL_VERSION = 2;

/** What a dataset turns into inside a model file: enough to name users and items and to recommend. */
export interface SavedDataset {
  format: string;
  source: string;
  numUsers: number;
  numItems: number;
  ratingMin: number;
  ratingMax: number;
  userIds: Int32Array;
  itemIds: Int32Array;
  titles?: readonly string[];
  genres?: Genres;
}

export interface SavedModel {
  kind: 'network';
  savedAt: string;
  /** The run's settings, as started (compute as asked: 'auto' resolves again on the backend that opens the file). */
  config: TrainConfig;
  dataset: SavedDataset;
  /** Train, validation and test as the run used them (dense ids). */
  sets: { train: RatingTriples; valid: RatingTriples; test: RatingTriples };
  overlapRemoved: number;
  state: SavedTrainerState;
  /** The run's epochs so far (the chart and table after opening). */
  epochs: EpochStats[];
  /**
   * False for a file saved without its training state (the current weights and the optimizer's slots): it serves
   * recommendations as well, and continues from the kept weights with a fresh optimizer.
   */
  resumable: boolean;
}

/** Tune's result as a model: its members' networks and how their predictions combine, on the data it searched. */
export interface SavedBlend {
  kind: 'blend';
  savedAt: string;
  /** The search's base settings (its split). */
  config: TrainConfig;
  dataset: SavedDataset;
  /** Train, validation and test as the search used them (dense ids). */
  sets: { train: RatingTriples; valid: RatingTriples; test: RatingTriples };
  overlapRemoved: number;
  model: BlendOfMembers;
  /** What the search reported of it (validation and test figures, trials, minutes). */
  result: TuneResult;
}

/** Which items each user rated (dense ids, no ratings). */
export interface Pairs {
  users: Int32Array;
  items: Int32Array;
}

/**
 * A network or a blend saved without its ratings (`--no-ratings`, "Leave the ratings out"): each network's hidden
 * codes and decoder (./coded-model.ts) serve the same recommendations; which items each user rated in training and
 * validation is kept (no ratings) so that recommendations leave them out. It cannot be trained further, shows no
 * held-out ratings, no "because you liked" and no item map.
 */
export interface SavedCodes {
  kind: 'codes';
  savedAt: string;
  config: TrainConfig;
  dataset: SavedDataset;
  seen: { train: Pairs; valid: Pairs };
  networks: CodedNetwork[];
  /** How the networks' predictions combine (one network: weight 1, intercept 0). */
  blend: Blend;
  /** What the model was when saved, in a line (e.g. "I-AutoRec, kept epoch 12"), and its test RMSE then. */
  about: string;
  testRmse: number;
}

/** What a model file holds: one network (and its training state), a blend, or either without its ratings. */
export type SavedFile = SavedModel | SavedBlend | SavedCodes;

export type Dtype = 'f32' | 'i32' | 'u8';
export interface BlobEntry {
  path: string;
  dtype: Dtype;
  length: number;
}

export interface Manifest {
  format: string;
  version: number;
  kind?: 'network' | 'blend' | 'codes';
  savedAt: string;
  config: TrainConfig;
  dataset: Omit<SavedDataset, 'userIds' | 'itemIds' | 'titles' | 'genres'> & { titles: boolean; genres?: string[]; ratings: number };
  selected: { epoch: number; validRmse: number | null; testRmse: number | null };
  training: {
    epoch: number;
    learningRate: number;
    iterations: number;
    rngDraws: number;
    slots: number;
    resumable: boolean;
    /** The model's stage, the kept weights' stage, the epoch the stage began after (absent before AutoRec+: 'local', 0). */
    stage?: string;
    keptStage?: string;
    stageStart?: number;
    /** Shapes of the parameters the optimizer's slots follow (the trained ones), when not all parameters. */
    slotShapes?: number[][];
  };
  /** How each set's values are stored: 'half' = rating x 2 in a byte (MovieLens scales), 'f32' otherwise. */
  ratingValues: 'half' | 'f32';
  overlapRemoved: number;
  /** Each parameter's shape, in paramList order (encoder layers' weight and bias, then the decoder's). */
  shapes: number[][];
  blobs: BlobEntry[];
  epochs: EpochStats[];
}

/** A ratings-free file's manifest: the data's ids, who rated what, and each network's codes and decoder. */
export interface CodesManifest extends Pick<Manifest, 'format' | 'version' | 'savedAt' | 'config' | 'dataset' | 'blobs'> {
  kind: 'codes';
  networks: { config: TrainConfig; rows: number }[];
  blend: Blend;
  about: string;
  testRmse: number | null;
}

/** A blend's manifest: the data's parts as a network's, then its members (weights in members/<k>/<j>.f32). */
export interface BlendManifest extends Pick<Manifest, 'format' | 'version' | 'savedAt' | 'config' | 'dataset' | 'ratingValues' | 'overlapRemoved' | 'blobs'> {
  kind: 'blend';
  blend: { weights: number[]; intercept: number; fitted: boolean; refit: boolean };
  members: (Omit<BlendMember, 'params'> & { shapes: number[][] })[];
  result: TuneResult;
}

export const BYTES: Record<Dtype, number> = { f32: 4, i32: 4, u8: 1 };
export const SETS = ['train', 'valid', 'test'] as const;
