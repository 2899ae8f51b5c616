import type { EpochStats, TrainConfig } from '../../worker/messages';

/** A live learning-rate change: the first epoch trained at the new rate. */
export interface LearningRateChange {
  epoch: number;
  learningRate: number;
}

const sameRate = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));

/**
 * The live learning-rate changes of a run: each epoch whose learning rate differs from the one before
 * it (the first epoch compares with the rate the run started with).
 */
export function learningRateChanges(startRate: number, epochs: readonly EpochStats[]): LearningRateChange[] {
  const changes: LearningRateChange[] = [];
  let rate = startRate;
  for (const e of epochs) {
    if (!Number.isFinite(e.learningRate) || sameRate(e.learningRate, rate)) continue;
    changes.push({ epoch: e.epoch, learningRate: e.learningRate });
    rate = e.learningRate;
  }
  return changes;
}

const sci = (v: number) => v.toExponential(0).replace('e-', 'e−');
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The settings that tell runs apart, short enough for a legend; with `epochs`, the live learning-rate changes too. */
export function runLabel(c: TrainConfig, backend?: string, epochs: readonly EpochStats[] = []): string {
  // old runs in the history have no model: AutoRec
  const plus = c.model === 'plus';
  const parts = [
    `${c.variant}-AutoRec${plus ? '+' : ''}`,
    ...(plus ? [[c.kernelDim > 0 ? `kernel ${c.kernelDim}d λs ${sci(c.kernelL2)}` : 'no kernel', ...(c.globalEpochs > 0 ? [`global ${c.globalEpochs}`] : []), ...(c.members > 1 ? [`×${c.members} seeds`] : [])].join(', ')] : []),
    `h${c.hidden}${c.extraLayers ? `×${c.extraLayers + 1}` : ''}`,
    `${c.encoder}/${c.decoder}`,
    `${c.optimizer} ${sci(c.learningRate)}`,
    ...learningRateChanges(c.learningRate, epochs).map((ch) => `lr→${sci(ch.learningRate)} @ epoch ${ch.epoch}`),
    `λ ${sci(c.l2)}`,
    `drop ${c.dropout}`,
    ...(c.average > 0 ? [`avg ${c.average}`] : []),
    `b${c.batchSize}`,
    c.compute,
    ...(c.split === 'random' ? [] : [`split ${c.split}`]),
    `seed ${c.seed} / split seed ${c.splitSeed}`,
    c.validRatio > 0 ? `valid ${pct(c.validRatio)}` : 'no validation',
    ...(c.patience > 0 ? [`patience ${c.patience}`] : []),
  ];
  return backend ? `${parts.join(' · ')} · ${backend}` : parts.join(' · ');
}
