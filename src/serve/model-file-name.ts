import type { TrainConfig } from '../config/config';
import { sourceStem } from '../data/source-name';

/**
 * A model file's name a person can read: the data's short name, the model and its size, the epochs trained, e.g.
 * `ml-100k-I-AutoRec-h500-epoch50.zip`. The data's name is an archive's without ".zip" (not the member read from it:
 * "ml-100k.zip › ml-100k/u.data" is ml-100k), a plain file's without its extension, and that of the data an opened
 * model came from (its source names the model file after it).
 */
export function modelFileName(source: string, config: Pick<TrainConfig, 'variant' | 'model' | 'hidden' | 'extraLayers'>, epoch: number): string {
  const data = sourceStem(source);
  const layers = config.extraLayers > 0 ? `x${config.extraLayers + 1}` : '';
  return `${data}-${config.variant}-AutoRec${config.model === 'plus' ? '+' : ''}-h${config.hidden}${layers}-epoch${epoch}.zip`;
}

/** A blend's file name: the data's short name and the members, e.g. `ml-100k-Tune-blend-of-5.zip`. */
export function blendFileName(source: string, members: number): string {
  return `${sourceStem(source)}-Tune-blend-of-${members}.zip`;
}
