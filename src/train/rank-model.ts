import { RANK_K, type RankingFigures, type RankingTask } from '../data/ranking';
import type { Trainer } from './trainer';
import { userScores } from './user-scores';

/**
 * The serving (kept) model's precision, recall and NDCG at 10 on `task`'s users: their unclipped scores over every
 * item (userScores) in blocks of at most `blockFloats` scores on the device, each block read back and its users' top
 * 10 chosen on the host (RankingTask.topFromScores). What a run reports at its end, on every ranked user where
 * affordable (finalRankingTask), where the per-epoch figures use a sample.
 */
export async function rankServing(trainer: Trainer, task: RankingTask, blockFloats = 1 << 22): Promise<RankingFigures> {
  const cfg = trainer.trainConfig;
  const { train } = trainer.trainData;
  const numItems = cfg.variant === 'I' ? train.rows : train.cols;
  const per = Math.max(1, Math.floor(blockFloats / numItems));
  const top = new Int32Array(task.users.length * RANK_K);
  const scores = userScores(trainer.servingModel, cfg, numItems);
  try {
    for (let from = 0; from < task.users.length; from += per) {
      const count = Math.min(per, task.users.length - from);
      const t = scores.of(task.users.subarray(from, from + count));
      const block = (await t.data()) as Float32Array;
      t.dispose();
      top.set(task.topFromScores(block, RANK_K, from, count), from * RANK_K);
    }
  } finally {
    scores.dispose();
  }
  return task.measure(top);
}
