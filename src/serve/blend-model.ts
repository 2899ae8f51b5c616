import type { Holdout } from '../data/holdout';
import type { RatingTriples } from '../data/types';
import type { TrainConfig } from '../config/config';
import type { Blend } from '../config/tune-results';
import { prepare, type TrainData } from '../train/prepare';
import { Trainer } from '../train/trainer';
import { networkScores, type ScoreBlocks, type Served } from './served';

/** One network of a blend: its settings and serving weights, and where in the search it came from. */
export interface BlendMember {
  /** The search's trial id. */
  trial: number;
  config: TrainConfig;
  /** The serving weights, in the model's parameter order. */
  params: Float32Array[];
  /** The model's stage the weights belong to ('local' but for AutoRec+'s global-kernel stage). */
  stage: string;
  /** The epoch the weights are from: the kept epoch, or the epochs a refit trained. */
  epoch: number;
  /** Its validation RMSE in the search (the kept epoch's). */
  validRmse: number;
}

/** What a search's result is as a model: its members and how their predictions are combined. */
export interface BlendOfMembers {
  members: BlendMember[];
  blend: Blend;
  /** The members were trained again on training + validation (their input rows are both sets), else on training only. */
  refit: boolean;
}

/** Two sets of ratings as one. */
export function joinTriples(a: RatingTriples, b: RatingTriples): RatingTriples {
  const n = a.ratings.length + b.ratings.length;
  const join = <T extends Int32Array | Float32Array>(x: T, y: T, out: T): T => (out.set(x), out.set(y, x.length), out);
  return { users: join(a.users, b.users, new Int32Array(n)), items: join(a.items, b.items, new Int32Array(n)), ratings: join(a.ratings, b.ratings, new Float32Array(n)) };
}

const NONE = { users: new Int32Array(0), items: new Int32Array(0), ratings: new Float32Array(0) };

/**
 * What a member reads its input rows from when it serves: the training ratings, or training + validation for a
 * refit blend (as the search's final evaluation had them); nothing to validate or test on.
 */
export function memberData(h: Pick<Holdout, 'train' | 'valid'>, dims: { numUsers: number; numItems: number; ratingMin: number; ratingMax: number }, variant: 'I' | 'U', refit: boolean): TrainData {
  const train = refit ? joinTriples(h.train, h.valid) : h.train;
  return { ...prepare({ train, test: NONE }, dims.numUsers, dims.numItems, variant === 'I'), ratingMin: dims.ratingMin, ratingMax: dims.ratingMax };
}

/** A member's network on the running backend, serving its weights (freed with `dispose`). */
export function memberTrainer(m: BlendMember, data: TrainData): Trainer {
  const t = new Trainer(data, m.config, { evaluateTest: false });
  try {
    const selected = { epoch: m.epoch, validRmse: m.validRmse, testRmse: NaN };
    t.restore({ epoch: m.epoch, selected, learningRate: m.config.learningRate, params: m.params, kept: m.params, stage: m.stage, keptStage: m.stage });
  } catch (e) {
    t.dispose();
    throw e;
  }
  return t;
}

/**
 * A blend serving: intercept + Σ weight_k · (member k's unclipped prediction), every member's network on the
 * device at once (members weighing 0 are skipped). What is shown is clipped to the rating range, as the blend's
 * RMSE is; the order is the unclipped sum's.
 */
export function servedBlend(networks: readonly Trainer[], blend: Blend, dims: { numUsers: number; numItems: number; ratingMin: number; ratingMax: number }): Served {
  const weighed = networks.map((t, k) => ({ t, w: blend.weights[k] ?? 0 })).filter((x) => x.w !== 0);
  const sum = async (parts: readonly { w: number; scores: () => Promise<Float32Array> }[]): Promise<Float32Array> => {
    let out: Float32Array | undefined;
    for (const p of parts) {
      const s = await p.scores();
      if (!out) out = new Float32Array(s.length).fill(blend.intercept);
      for (let j = 0; j < s.length; j++) out[j] += p.w * s[j];
    }
    return out ?? new Float32Array(0);
  };
  return {
    ...dims,
    networks,
    predictUser: (user) => sum(weighed.map(({ t, w }) => ({ w, scores: () => t.predictUser(user, true) }))),
    scores(): ScoreBlocks {
      const open = weighed.map(({ t, w }) => ({ w, s: networkScores(t) }));
      return {
        block: (u0, bu) => sum(open.map(({ w, s }) => ({ w, scores: () => s.block(u0, bu) }))),
        of: (users) => sum(open.map(({ w, s }) => ({ w, scores: () => s.of(users) }))),
        dispose: () => open.forEach(({ s }) => s.dispose()),
      };
    },
  };
}
