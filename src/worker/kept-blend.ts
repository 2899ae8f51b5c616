import type { TrainConfig } from '../config/config';
import type { TuneResult } from '../config/tune-results';
import { memberTrainer, servedBlend, type BlendOfMembers } from '../serve/blend-model';
import { blendToSave } from '../serve/saved-model';
import type { Trainer } from '../train/trainer';
import type { TuneData } from '../tune/tune-data';
import type { KeptModel } from './serving';

/**
 * A search's result as the kept model: each member's network on the backend, reading its input rows from the
 * data the final evaluation used (training, or training + validation after a refit), blended as reported.
 */
export function keptBlend(data: TuneData, base: TrainConfig, found: BlendOfMembers, result: TuneResult): KeptModel {
  const d = data.dataset;
  const networks: Trainer[] = [];
  try {
    for (const m of found.members) networks.push(memberTrainer(m, found.refit ? data.forRefit(m.config.variant) : data.forTrials(m.config.variant)));
  } catch (e) {
    networks.forEach((t) => t.dispose());
    throw e;
  }
  const dims = { numUsers: d.numUsers, numItems: d.numItems, ratingMin: d.ratingMin, ratingMax: d.ratingMax };
  return {
    served: servedBlend(networks, found.blend, dims),
    split: data.holdout,
    config: base,
    dataset: d,
    epochs: [],
    blend: blendToSave({ dataset: d, split: data.holdout, config: base, model: found, result }),
    dispose: () => networks.forEach((t) => t.dispose()),
  };
}
