import type { TrainConfig } from './config';
import { D2L_DEFAULTS, withPlusDefaults } from './settings';

export interface Preset {
  name: string;
  description: string;
  config: TrainConfig;
}

/**
 * One-click settings, also reachable as `npm run train -- --preset <key>`. λ here is per step (added to the
 * gradient of each batch's summed squared error): λ × batches per epoch is the paper's full-batch λ.
 */
export const PRESETS: Record<string, Preset> = {
  d2l: {
    name: 'd2l.ai AutoRec',
    description: 'The d2l.ai settings: I-AutoRec, 500 sigmoid units, dropout 0.05, Adam 0.002, λ 1e-5 per step, batch 256, 25 epochs.',
    config: D2L_DEFAULTS,
  },
  accurate: {
    name: 'Accurate I-AutoRec',
    description:
      'd2l with λ 10 per step (with 7 batches per epoch on ML-100K, about a full-batch λ of 70), up to 50 epochs, stopping early after 10 epochs without a better validation RMSE. ML-100K test RMSE about 0.887 at the kept epoch instead of 0.90.',
    config: { ...D2L_DEFAULTS, l2: 10, epochs: 50, patience: 10 },
  },
  plus: {
    name: 'AutoRec+',
    description:
      'AutoRec+: two kernelized hidden layers of 500 (each weight W ⊙ max(0, 1 − ‖u_i − v_j‖²), 5-dimensional kernel vectors; Muller et al. 2018, GLocal-K), Adam 0.001, λ 6 and kernel λs 0.002 per step, up to 200 epochs with early stopping on validation. Global-kernel fine-tuning and an ensemble of seeds are switches under Model; weight averaging is a setting. For the best accuracy, Tune → AutoRec+ blend trains AutoRec+, I- and U-AutoRec one after another and blends them (averaged, or weighted by a fit on validation).',
    config: withPlusDefaults(D2L_DEFAULTS),
  },
};
