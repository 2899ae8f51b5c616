import { useEffect } from 'react';
import { useTopPanel } from '../chart/use-top-panel';

/**
 * Epochs measure precision/recall/NDCG@10 while the chart's upper panel shows NDCG@10: it costs about an epoch's
 * training again (a decoder pass over the ranked users × items), so a run that does not show it does not pay for it.
 */
export function useRankEpochs(rankEpochs: (on: boolean) => void): void {
  const [top] = useTopPanel();
  useEffect(() => rankEpochs(top === 'NDCG@10'), [top, rankEpochs]);
}
