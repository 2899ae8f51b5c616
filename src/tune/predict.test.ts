import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { tinyTrainData } from '../testing/trainers';
import { Trainer } from '../train/trainer';
import { scoreOf } from './ensemble';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config: TrainConfig = { ...D2L_DEFAULTS, hidden: 16, batchSize: 16, learningRate: 0.01 };

for (const compute of ['dense', 'sparse'] as const) {
  for (const variant of ['I', 'U'] as const) {
    it(`predictAt gives the kept epoch's validation and test RMSE, and servingWeights restore it (${compute}, ${variant}-AutoRec)`, async () => {
      const data = tinyTrainData(variant);
      const c = { ...config, compute, variant };
      const t = new Trainer(data, c);
      let last;
      for (let e = 0; e < 4; e++) last = await t.trainEpoch();
      const sel = t.selection;
      const valid = scoreOf([await t.predictAt(data.valid)], data.valid.values, data.unseenValid);
      const test = scoreOf([await t.predictAt(data.test)], data.test.values, data.unseen);
      expect(valid.rmse).toBeCloseTo(sel.validRmse, 5);
      expect(test.rmse).toBeCloseTo(sel.testRmse, 5);
      expect(last?.selectedEpoch).toBe(sel.epoch);
      // A fresh trainer that never trained, the weights loaded: the same predictions, no test evaluation per epoch.
      const w = await t.servingWeights();
      t.dispose();
      const before = tf.memory().numTensors;
      const u = new Trainer(data, c, { evaluateTest: false });
      u.restore({ epoch: sel.epoch, selected: sel, learningRate: c.learningRate, params: w, kept: w });
      expect(scoreOf([await u.predictAt(data.valid)], data.valid.values, data.unseenValid).rmse).toBeCloseTo(sel.validRmse, 5);
      const s = await u.trainEpoch();
      expect(s.testRmse, 'evaluateTest: false skips the test set').toBeNaN();
      expect(Number.isFinite(s.validRmse)).toBe(true);
      u.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
}
