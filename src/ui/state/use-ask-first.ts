import { useCallback, useEffect, useState } from 'react';
import { replaceQuestion, type AtStake, type ReplaceQuestion } from './replace-question';

export interface PendingReplace {
  question: ReplaceQuestion;
  /** Loads the new data (the person chose Replace). */
  go: () => void;
}

/**
 * Asks before new data replaces a trained model or a Tune result: `ask(incoming, go)` runs `go` at once
 * when nothing is at stake, else holds it as `pending` until `answer(true)` (Replace) or `answer(false)`
 * (Keep). A pending question is dropped when `disabled` (a run is live, data is loading).
 */
export function useAskFirst(stake: AtStake, disabled: boolean) {
  const [pending, setPending] = useState<PendingReplace>();
  useEffect(() => {
    if (disabled) setPending(undefined);
  }, [disabled]);
  const ask = useCallback(
    (incoming: string, go: () => void) => {
      const question = replaceQuestion(stake, incoming);
      if (question) setPending({ question, go });
      else go();
    },
    [stake],
  );
  const answer = useCallback(
    (replace: boolean) => {
      setPending(undefined);
      if (replace && pending && !disabled) pending.go();
    },
    [pending, disabled],
  );
  return { pending, ask, answer };
}
