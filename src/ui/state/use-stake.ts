import { useState } from 'react';
import { atStake, type AtStake } from './replace-question';
import type { SessionView } from './session-view';
import type { TuneUiState } from './use-tuner';
import type { DatasetSummary, TrainConfig } from '../../worker/messages';

const NO_TUNE: Pick<TuneUiState, 'trials' | 'result'> = { trials: [] };

/**
 * What new data would replace now (atStake), the Tune result counted only while the data it searched is
 * the data loaded: a search's results stay on the page after other data loads, but are not that data's.
 */
export function useStake(view: SessionView, tune: TuneUiState): AtStake {
  const [tuned, setTuned] = useState<{ base: TrainConfig; on?: DatasetSummary }>();
  // a new search (its base settings are a new object when asked): remember the data it runs on
  if (tune.base && tuned?.base !== tune.base) setTuned({ base: tune.base, on: view.dataset });
  const searched = tuned && tuned.base === tune.base ? tuned.on : view.dataset;
  return atStake(view, view.dataset !== undefined && searched === view.dataset ? tune : NO_TUNE);
}
