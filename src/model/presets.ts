import { D2L_DEFAULTS, type TrainConfig } from './config';

export interface Preset {
  name: string;
  description: string;
  config: TrainConfig;
}

/** One-click settings, also reachable as `npm run train -- --preset <key>`. */
export const PRESETS: Record<string, Preset> = {
  d2l: {
    name: 'd2l.ai AutoRec',
    description: 'The d2l.ai settings: I-AutoRec, 500 sigmoid units, dropout 0.05, Adam 0.002, λ 1e-5, batch 256, 25 epochs.',
    config: D2L_DEFAULTS,
  },
};
