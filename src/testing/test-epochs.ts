import type { EpochStats } from '../worker/messages';

/** For unit tests: an epoch; validRmse NaN means the run has no validation share. */
export const ep = (epoch: number, trainLoss: number, testRmse: number, validRmse = NaN, extra: Partial<EpochStats> = {}): EpochStats => ({
  epoch,
  trainLoss,
  testRmse,
  validRmse,
  validMae: NaN,
  trainRmse: 0,
  testMae: 0,
  learningRate: 0.002,
  selectedEpoch: epoch,
  selectedValidRmse: validRmse,
  selectedTestRmse: testRmse,
  ms: 500,
  tensors: 0,
  tensorBytes: 0,
  ...extra,
});
