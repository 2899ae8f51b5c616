import type { EpochStats, TrainConfig } from '../../worker/messages';
import { changeText, liveChangesOf } from './live-changes';

const sci = (v: number) => v.toExponential(0).replace('e-', 'e−');
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The settings that tell runs apart, short enough for a legend; with `epochs`, the live changes too (lr, λ, dropout, λs). */
export function runLabel(c: TrainConfig, backend?: string, epochs: readonly EpochStats[] = []): string {
  // old runs in the history have no model: AutoRec
  const plus = c.model === 'plus';
  const parts = [
    `${c.variant}-AutoRec${plus ? '+' : ''}`,
    ...(plus ? [[c.kernelDim > 0 ? `kernel ${c.kernelDim}d λs ${sci(c.kernelL2)}` : 'no kernel', ...(c.globalEpochs > 0 ? [`global ${c.globalEpochs}`] : []), ...(c.members > 1 ? [`×${c.members} seeds`] : [])].join(', ')] : []),
    `h${c.hidden}${c.extraLayers ? `×${c.extraLayers + 1}` : ''}`,
    `${c.encoder}/${c.decoder}`,
    `${c.optimizer} ${sci(c.learningRate)}`,
    `λ ${sci(c.l2)}`,
    `drop ${c.dropout}`,
    ...liveChangesOf(c, epochs).map((ch) => changeText(ch)),
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
