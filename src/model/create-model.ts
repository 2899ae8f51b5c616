import { AutoRecModel } from './autorec';
import { AutoRecPlus } from './autorec-plus';
import type { TrainConfig } from '../config/config';
import type { RatingModel } from './rating-model';
import type { InputRows } from './input-rows';

/** The model a run's settings name (config.model), over its input rows, from its seed. */
export function createModel(config: TrainConfig, input: InputRows): RatingModel {
  switch (config.model) {
    case 'autorec':
      return AutoRecModel.create(input, config, config.seed);
    case 'plus':
      return AutoRecPlus.create(input, config, config.seed);
  }
}

/** The shapes of a model's parameters, in params order: what a saved model lists. */
export function paramShapes(config: TrainConfig, rows: number, inputDim: number): number[][] {
  const { hidden: h, extraLayers } = config;
  const layers = [[inputDim, h], ...Array.from({ length: extraLayers }, () => [h, h]), [inputDim, h]];
  const autorec = layers.flatMap((w, k) => [w, [k === layers.length - 1 ? inputDim : w[1]]]);
  if (config.model === 'autorec') return autorec;
  const kernels = config.kernelDim === 0 ? [] : layers.flatMap(([n, m]) => [[n, config.kernelDim], [m, config.kernelDim]]);
  const member = [...autorec, ...kernels, [rows, 9], [rows]];
  return Array.from({ length: config.members }, () => member).flat();
}
