import * as tf from '@tensorflow/tfjs';
import { wasmHeapBytes } from '../compute/wasm/wasm-heap';
import type { RatingModel } from '../model/rating-model';
import type { TrainData } from './prepare';
import type { Readout } from './readout';
import type { Selected } from './selection';
import type { RankingFigures } from '../data/ranking';

export interface EpochStats {
  epoch: number;
  /** Mean squared error per observed training rating, in training mode (dropout on), before the L2 term. */
  trainLoss: number;
  /** RMSE on the observed training ratings, evaluation mode, predictions clipped to the rating scale. */
  trainRmse: number;
  /** Where trainRmse came from: the evaluation over every training rating, or the steps' own errors (dropout 0); absent: not measured (NaN). */
  trainRmseFrom?: 'evaluation' | 'steps';
  /** RMSE and MAE on the validation ratings (carved from the training side); NaN when there is no validation share. */
  validRmse: number;
  validMae: number;
  /** RMSE and MAE on all test ratings, predicted from the training matrix, clipped (unseen rule: see Prepared). */
  testRmse: number;
  testMae: number;
  /**
   * Precision, recall and NDCG at 10 on the test ratings (src/data/ranking.ts: relevant = a test rating in the top
   * 40% of the scale, candidates = items the user did not rate in training or validation), on the evaluated weights,
   * over the run's ranking users (a seeded sample on large data); NaN where not computed (no test evaluation, a
   * resumed run), absent in runs saved before them.
   */
  testPrecision10?: number;
  testRecall10?: number;
  testNdcg10?: number;
  /** The learning rate in effect at the end of the epoch (it can change live, as λ, dropout and λs can). */
  learningRate: number;
  /** λ and dropout in effect at the end of the epoch (absent in runs saved before they could change live). */
  l2?: number;
  dropout?: number;
  /** AutoRec+'s kernel penalty λs in effect (AutoRec+ runs only). */
  kernelL2?: number;
  /**
   * The kept model so far: the epoch with the lowest validation RMSE (the last epoch when there is no
   * validation share), its validation RMSE and its test RMSE, the figure a run reports.
   */
  selectedEpoch: number;
  selectedValidRmse: number;
  selectedTestRmse: number;
  /** Wall time of the epoch: training plus evaluation, including the one readback. */
  ms: number;
  /** The model's training stage in this epoch ('local'; AutoRec+ then 'global' for global-kernel fine-tuning); absent in older runs. */
  stage?: string;
  /** The epoch after which the current stage began (0: the first stage); early stopping counts from here. */
  stageStart?: number;
  /** Live tensors, their bytes and device bytes after the epoch (flat from epoch to epoch when nothing leaks). */
  tensors: number;
  tensorBytes: number;
  gpuBytes?: number;
  /** Size of the wasm backend's memory (it only grows: the peak of the run so far). */
  wasmHeapBytes?: number;
}

/** What the backend holds now: after an epoch, after a tuning trial. */
export function memoryNow(): Pick<EpochStats, 'tensors' | 'tensorBytes' | 'gpuBytes' | 'wasmHeapBytes'> {
  // What the GPU backend holds, its pool of freed buffers included (webgpu and webgl name it differently).
  const m = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number; numBytesInGPUAllocated?: number; numBytesInGPU?: number };
  const gpuBytes = m.numBytesAllocatedInGPU ?? m.numBytesInGPUAllocated ?? m.numBytesInGPU;
  return { tensors: m.numTensors, tensorBytes: m.numBytes, gpuBytes, wasmHeapBytes: wasmHeapBytes() };
}

/**
 * [train SSE, validation SSE, validation absolute error, test SSE, test absolute error] of `model`'s clipped
 * predictions at rows `ids` (not read back); without `evaluateTest` the test sums are 0.
 */
export function evalSums(model: RatingModel, data: TrainData, readout: Readout, ids: Int32Array, evaluateTest: boolean, measureTrain = true): tf.Tensor1D {
  const { train, valid, test, ratingMin, ratingMax } = data;
  const sets = [measureTrain ? train : undefined, valid.values.length > 0 ? valid : undefined, evaluateTest ? test : undefined];
  const where = sets.map((m) => (m ? readout.at(m, ids) : undefined));
  const sums = tf.tidy(() => {
    const targets = [...new Set(where.flatMap((w) => (w ? [w.target] : [])))];
    const preds = model.predict(ids, targets);
    const errors = where.map((w) => (w ? w.errors(tf.clipByValue(preds[targets.indexOf(w.target)], ratingMin, ratingMax)) : tf.zeros([1])));
    const [eTrain, eValid, eTest] = errors;
    return tf.stack([tf.sum(tf.square(eTrain)), tf.sum(tf.square(eValid)), tf.sum(tf.abs(eValid)), tf.sum(tf.square(eTest)), tf.sum(tf.abs(eTest))]) as tf.Tensor1D;
  });
  for (const w of where) w?.dispose();
  return sums;
}

/** An epoch's errors, per rating; `finite` is false when training diverged (nothing of the epoch is kept then). */
export type EpochFigures = Pick<EpochStats, 'trainLoss' | 'trainRmse' | 'trainRmseFrom' | 'validRmse' | 'validMae' | 'testRmse' | 'testMae'> & { finite: boolean };

/**
 * The figures of an epoch from its one readback: the summed training loss, then evalSums' five sums over
 * every batch. The ratings the model cannot reconstruct (unseen) add the cold-start baseline's errors.
 */
export function epochFigures(sums: Float32Array, data: TrainData, evaluateTest: boolean, trainRmseFrom: 'evaluation' | 'steps' | 'none' = 'evaluation'): EpochFigures {
  const { train, valid, test, unseen, unseenValid } = data;
  const [loss, trSse, vaSse, vaAe, teSse, teAe] = sums;
  const nTrain = train.values.length;
  const nTest = evaluateTest ? test.values.length + unseen.ratings : 0;
  const nValid = valid.values.length + unseenValid.ratings;
  const trainLoss = loss / nTrain;
  return {
    trainLoss,
    // from the evaluation (the epoch's end weights, clipped), from the steps (their own squared errors), or not measured
    trainRmse: trainRmseFrom === 'evaluation' ? Math.sqrt(trSse / nTrain) : trainRmseFrom === 'steps' ? Math.sqrt(trainLoss) : NaN,
    ...(trainRmseFrom !== 'none' && { trainRmseFrom }),
    validRmse: nValid > 0 ? Math.sqrt((vaSse + unseenValid.sse) / nValid) : NaN,
    validMae: nValid > 0 ? (vaAe + unseenValid.absErr) / nValid : NaN,
    testRmse: nTest > 0 ? Math.sqrt((teSse + unseen.sse) / nTest) : NaN,
    testMae: nTest > 0 ? (teAe + unseen.absErr) / nTest : NaN,
    finite: Number.isFinite(trainLoss) && Number.isFinite(trSse),
  };
}

/** An epoch's ranking figures as EpochStats records them (NaN when not computed). */
export function rankingFigures(f: RankingFigures | undefined): Pick<EpochStats, 'testPrecision10' | 'testRecall10' | 'testNdcg10'> {
  return { testPrecision10: f?.precision ?? NaN, testRecall10: f?.recall ?? NaN, testNdcg10: f?.ndcg ?? NaN };
}

/** The live settings an epoch records (they can change between epochs, see Trainer.setLive). */
export type LiveFigures = Pick<EpochStats, 'learningRate' | 'l2' | 'dropout' | 'kernelL2'>;

/**
 * An epoch's stats as a run reports them: its figures, the learning rate in effect, the kept epoch so far (its
 * validation RMSE NaN while none is kept), the wall time since `startMs`, the stage it trained in and the epoch
 * that stage began after, and what the backend holds now.
 */
export function epochStats(epoch: number, figures: Omit<EpochFigures, 'finite'> & Pick<EpochStats, 'testPrecision10' | 'testRecall10' | 'testNdcg10'>, live: LiveFigures, selected: Selected, startMs: number, stage: string, stageStart: number): EpochStats {
  return {
    epoch,
    ...figures,
    ...live,
    selectedEpoch: selected.epoch,
    selectedValidRmse: selected.validRmse === Infinity ? NaN : selected.validRmse,
    selectedTestRmse: selected.testRmse,
    ms: performance.now() - startMs,
    stage,
    stageStart,
    ...memoryNow(),
  };
}
