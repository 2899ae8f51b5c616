import type { Trainer } from '../train/trainer';
import { userScores, type UserScores } from '../train/user-scores';

/** Unclipped predictions of users against every item, read back to the host: [users, items] row by row. */
export interface ScoreBlocks {
  /** Users u0 .. u0+bu. */
  block(u0: number, bu: number): Promise<Float32Array>;
  /** Users `users`, in that order. */
  of(users: Int32Array): Promise<Float32Array>;
  dispose(): void;
}

/**
 * What recommendations, the all-users export and the top-10 figures read: one trained network (a Trainer's kept
 * weights) or a blend of several (./blend-model.ts). Predictions are unclipped (what a top list ranks by); the
 * rating range is there to clip what is shown.
 */
export interface Served {
  readonly numUsers: number;
  readonly numItems: number;
  readonly ratingMin: number;
  readonly ratingMax: number;
  /** The networks, in the blend's order; the first is the one whose item space the map and "because you liked" show. */
  readonly networks: readonly Trainer[];
  /** One user's unclipped predictions of every item (dense indices). */
  predictUser(user: number): Promise<Float32Array>;
  /** Blocks of users' predictions (computed per network, added up with the blend's weights). */
  scores(): ScoreBlocks;
}

const readBack = async (t: { data(): Promise<unknown>; dispose(): void }): Promise<Float32Array> => {
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
};

/** A network's predictions as blocks read back (userScores, the model's own forward path). */
export function networkScores(trainer: Trainer): ScoreBlocks {
  const cfg = trainer.trainConfig;
  const { train } = trainer.trainData;
  const numItems = cfg.variant === 'I' ? train.rows : train.cols;
  const s: UserScores = userScores(trainer.servingModel, cfg, numItems);
  return { block: (u0, bu) => readBack(s.block(u0, bu)), of: (users) => readBack(s.of(users)), dispose: () => s.dispose() };
}

/** One trained network as what serves: its kept weights. */
export function servedNetwork(trainer: Trainer): Served {
  const cfg = trainer.trainConfig;
  const { train, ratingMin, ratingMax } = trainer.trainData;
  const byItem = cfg.variant === 'I';
  return {
    numUsers: byItem ? train.cols : train.rows,
    numItems: byItem ? train.rows : train.cols,
    ratingMin,
    ratingMax,
    networks: [trainer],
    predictUser: (user) => trainer.predictUser(user, true),
    scores: () => networkScores(trainer),
  };
}
