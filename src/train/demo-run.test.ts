import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import { D2L_DEFAULTS } from '../config/settings';
import { setupRun } from './setup-run';
import { TrainingRun } from './training-run';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

// The first thing a newcomer does: "Use demo data", Start, default settings. The run must show what AutoRec is
// for: beat the user+item bias baseline drawn on the same chart, as it does on real MovieLens (ML-100K: 0.90 vs 0.94).
it('the default run on the demo data beats its user+item bias baseline by a clear margin within the default epochs', async () => {
  const setup = setupRun(generateDemo(), D2L_DEFAULTS, { backend: 'wasm' });
  const run = new TrainingRun(setup.trainer, D2L_DEFAULTS, { epoch() {}, state() {}, error(e) { throw e; } });
  run.play();
  expect((await run.done)?.kind).toBe('completed');
  const kept = setup.trainer.selection;
  setup.trainer.dispose();
  const { userItemBias, globalMean } = setup.baselines;
  console.log(`demo, defaults (${D2L_DEFAULTS.epochs} epochs): test RMSE ${kept.testRmse.toFixed(4)} at kept epoch ${kept.epoch}; user+item bias ${userItemBias.toFixed(4)}, global mean ${globalMean.toFixed(4)}`);
  expect(kept.testRmse).toBeLessThan(userItemBias - 0.03);
}, 120_000);
