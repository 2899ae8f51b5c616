import type { Blend } from '../config/tune-results';
import type { RankingFigures, RankingTask } from '../data/ranking';
import type { Trainer } from '../train/trainer';
import { userScores } from '../train/user-scores';

/**
 * The reported model's top-10 figures after a search: each member's unclipped scores of the task's users over
 * every item (userScores, the serving code's path; [users, items] in either variant) added up with the blend's
 * weights (as its predictions are, without the clipping that would tie the top of the scale), then each user's
 * top 10 (RankingTask.topFromScores, a partial selection) measured. One member at a time on the device.
 */
export class BlendRanking {
  private sum?: Float32Array;
  private members = 0;

  constructor(
    private readonly task: RankingTask,
    private readonly blend: Blend,
  ) {}

  /** Adds the `k`-th member's scores, from its trainer (serving the member's kept or refit weights). */
  async add(k: number, trainer: Trainer): Promise<void> {
    const w = this.blend.weights[k] ?? 0;
    this.members++;
    if (w === 0 || this.task.users.length === 0) return;
    const cfg = trainer.trainConfig;
    const { train } = trainer.trainData;
    const numItems = cfg.variant === 'I' ? train.rows : train.cols;
    const scores = userScores(trainer.servingModel, cfg, numItems);
    let s: Float32Array;
    try {
      const t = scores.of(this.task.users);
      s = (await t.data()) as Float32Array;
      t.dispose();
    } finally {
      scores.dispose();
    }
    const sum = (this.sum ??= new Float32Array(s.length));
    for (let j = 0; j < s.length; j++) sum[j] += w * s[j];
  }

  /** The figures of the blend's top lists; undefined when no member was added (or none weighs in). */
  figures(): RankingFigures | undefined {
    if (!this.sum) return undefined;
    return this.task.measure(this.task.topFromScores(this.sum));
  }
}
