import type { RankingFigures } from '../../src/data/ranking';

/** Four decimals, or the value as it is (NaN, Infinity). */
export const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : String(x));

/** "precision 0.1234, recall 0.0567, NDCG 0.1500" (at 10), or "not measured". */
export const rankingText = (f: Pick<RankingFigures, 'precision' | 'recall' | 'ndcg'> | undefined) =>
  f ? `precision ${f4(f.precision)}, recall ${f4(f.recall)}, NDCG ${f4(f.ndcg)}` : 'not measured';

/** "943 test users" or "1000 of 5432 test users (a seeded sample)": whom the ranking figures cover. */
export const rankText = (users: number, all: number) => (users === all ? `${all} test users` : `${users} of ${all} test users (a seeded sample)`);
