import { holdoutProblem, makeHoldout, type Holdout } from '../data/holdout';
import { prepare, type Unseen } from '../train/prepare';
import type { Csr, Dataset, Split } from '../data/types';
import type { BackendName, TrainConfig, Variant } from '../config/config';
import { chooseCompute } from '../compute/compute-path';
import { longestRows, planMemory, refusal } from '../compute/memory';
import { assertConfig } from '../config/settings';
import { cannotTune } from '../config/tune-options';
import type { TrainData } from '../train/prepare';

const NONE: Unseen = { ratings: 0, sse: 0, absErr: 0 };

/**
 * The data of a whole search, made once: the three sets (as setupRun makes them: the same split, the same
 * validation share) and their sparse matrices per variant. Trials get the matrices with the test set
 * withheld (empty): they cannot look at it. The test matrix is handed out by `testOf`, which only the final
 * evaluation calls.
 */
export class TuneData {
  readonly holdout: Holdout;
  readonly compute: 'dense' | 'sparse';
  readonly computeReason: string;
  private readonly byVariant = new Map<Variant, { trials: TrainData; test: Csr; unseen: Unseen }>();
  private readonly joinedByVariant = new Map<Variant, { trials: TrainData; test: Csr; unseen: Unseen }>();

  constructor(
    readonly dataset: Dataset,
    base: TrainConfig,
    private readonly opts: { split?: Split; backend: BackendName; maxBufferBytes?: number },
  ) {
    const config = assertConfig(base);
    const noTuning = cannotTune(config);
    if (noTuning) throw new Error(`${noTuning[0].toUpperCase()}${noTuning.slice(1)}.`);
    ({ compute: this.compute, reason: this.computeReason } = chooseCompute(config.compute, opts.backend, dataset));
    this.holdout = makeHoldout(dataset, config, opts.split);
    const problem = holdoutProblem(this.holdout, config);
    if (problem) throw new Error(problem);
  }

  private prepared(variant: Variant) {
    let p = this.byVariant.get(variant);
    if (!p) {
      const d = this.dataset;
      const full = prepare(this.holdout, d.numUsers, d.numItems, variant === 'I');
      const empty: Csr = { rows: full.test.rows, cols: full.test.cols, rowPtr: new Int32Array(full.test.rows + 1), colIdx: new Int32Array(0), values: new Float32Array(0) };
      p = { trials: { ...full, test: empty, unseen: NONE, ratingMin: d.ratingMin, ratingMax: d.ratingMax }, test: full.test, unseen: full.unseen };
      this.byVariant.set(variant, p);
    }
    return p;
  }

  /** What trials train on: training and validation, the test set empty. */
  forTrials(variant: Variant): TrainData {
    return this.prepared(variant).trials;
  }

  /** Training + validation as one training set, and the test set held out from it (made when first asked for). */
  private joined(variant: Variant) {
    let p = this.joinedByVariant.get(variant);
    if (!p) {
      const h = this.holdout;
      const d = this.dataset;
      const join = <T extends Int32Array | Float32Array>(a: T, b: T, out: T): T => (out.set(a), out.set(b, a.length), out);
      const n = h.train.ratings.length + h.valid.ratings.length;
      const train = {
        users: join(h.train.users, h.valid.users, new Int32Array(n)),
        items: join(h.train.items, h.valid.items, new Int32Array(n)),
        ratings: join(h.train.ratings, h.valid.ratings, new Float32Array(n)),
      };
      const full = prepare({ train, test: h.test }, d.numUsers, d.numItems, variant === 'I');
      const empty: Csr = { rows: full.test.rows, cols: full.test.cols, rowPtr: new Int32Array(full.test.rows + 1), colIdx: new Int32Array(0), values: new Float32Array(0) };
      p = { trials: { ...full, test: empty, unseen: NONE, unseenValid: NONE, ratingMin: d.ratingMin, ratingMax: d.ratingMax }, test: full.test, unseen: full.unseen };
      this.joinedByVariant.set(variant, p);
    }
    return p;
  }

  /**
   * What a refit trains on: the training and validation ratings together, nothing to validate or test on
   * (it is trained for a number of epochs chosen before, then predicts the test set given by testOf(variant, true)).
   */
  forRefit(variant: Variant): TrainData {
    return this.joined(variant).trials;
  }

  /**
   * The test set, for the one evaluation at the end of a search. `refit`: as held out from training +
   * validation (what refit models are tested on: a test rating whose item was rated only in the validation
   * split is theirs to predict, and the cold-start baseline is fitted on both).
   */
  testOf(variant: Variant, refit = false): { test: Csr; unseen: Unseen } {
    const { test, unseen } = refit ? this.joined(variant) : this.prepared(variant);
    return { test, unseen };
  }

  /** Why a trial's settings cannot run here (too big for the backend), or undefined. */
  refusal(c: TrainConfig): string | undefined {
    const d = this.dataset;
    const byItem = c.variant === 'I';
    const plan = planMemory(c, {
      inputDim: byItem ? d.numUsers : d.numItems,
      compute: this.compute,
      maxBatchEntries: this.compute === 'sparse' ? longestRows(this.forTrials(c.variant).train.rowPtr, c.batchSize) : undefined,
      backend: this.opts.backend,
      maxBufferBytes: this.opts.maxBufferBytes,
      rows: byItem ? d.numItems : d.numUsers,
    });
    return refusal(plan, c);
  }
}
