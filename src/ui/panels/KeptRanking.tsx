import type { RankingFigures } from '../../worker/messages';

const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '–');
const figures = (r: RankingFigures) => `precision ${f4(r.precision)}, recall ${f4(r.recall)}, NDCG ${f4(r.ndcg)}`;

/** After a run: how its kept model's top 10 fares on the test ratings, beside the most popular items' (src/data/ranking.ts). */
export function KeptRanking({ ranking }: { ranking: { epoch: number; kept: RankingFigures; popular: RankingFigures } }) {
  const { kept, popular } = ranking;
  const users = kept.users === kept.usersWithRelevant ? `${kept.users} test users` : `${kept.users} of ${kept.usersWithRelevant} test users`;
  return (
    <p className="note" data-testid="kept-ranking" data-ndcg={kept.ndcg} data-popular-ndcg={popular.ndcg}>
      The kept model (epoch {ranking.epoch}) at 10 on {users} with a relevant test rating: {figures(kept)}. The most popular items: {figures(popular)}.
    </p>
  );
}
