import * as tf from '@tensorflow/tfjs';
import type { RatingModel } from '../model/rating-model';
import type { BatchOrder } from './batch-order';
import type { Selected, Selection } from './selection';

/** The weights as of an epoch, on the CPU: what survives a lost GPU. */
export interface Checkpoint {
  epoch: number;
  selected: Selected;
  learningRate: number;
  params: Float32Array[];
  /** The kept epoch's weights (the same arrays as `params` when the last epoch is the kept one). */
  kept?: Float32Array[];
  /** The averaged weights (config.average > 0), which evaluation and the kept epoch use. */
  averaged?: Float32Array[];
  /** The model's stage after the epoch, the kept weights' stage, and the epoch the stage began after. */
  stage?: string;
  keptStage?: string;
  stageStart?: number;
}

/**
 * Everything a saved model holds of a trainer (src/serve/model-file.ts): the current and the kept weights, the
 * optimizer's state (tfjs getWeights layout: its step, then its slots, e.g. Adam's first then second moments, one
 * per parameter in paramList order), and where the batch-order and dropout generator stands, so that training
 * continues exactly where it stopped.
 */
export interface SavedTrainerState {
  epoch: number;
  selected: Selected;
  learningRate: number;
  params: Float32Array[];
  kept: Float32Array[];
  /** The averaged weights, when the run averages them (config.average > 0). */
  averaged?: Float32Array[];
  optimizer: { iterations: number; slots: Float32Array[] };
  /** Draws taken from the seeded generator so far (it is replayed on restore) and the row order it shuffles in place. */
  rngDraws: number;
  order: Int32Array;
  /** The model's stage and the kept weights' stage (see RatingModel.stage), and the epoch the stage began after. */
  stage: string;
  keptStage: string;
  stageStart: number;
  /** The shapes the optimizer's slots follow (its trained parameters), where they are not all the parameters. */
  slotShapes?: number[][];
}

/** Checkpoints ride along with the epoch's one readback while the weights are at most this many floats. */
export const CHECKPOINT_MAX_FLOATS = 8 * 2 ** 20;

/** Where a trainer stands: epochs done, the epoch its current stage began after (0: the first stage), the learning rate in effect. */
export interface Progress {
  epoch: number;
  stageStart: number;
  learningRate: number;
}

/**
 * What checkpoints and saved states are read from and put back into: a trainer's weights on the device (the
 * current ones, the kept epoch's in `selection`, the averaged ones when the run averages), its optimizer, its
 * progress and its batch order. The learning rate is put back by the trainer (it reaches the optimizer).
 */
export interface TrainerParts {
  readonly model: RatingModel;
  readonly selection: Selection;
  readonly averaged?: RatingModel;
  readonly optimizer: tf.Optimizer;
  readonly progress: Progress;
  readonly order: BatchOrder;
}

/** The backends whose device can be lost with the run's tensors (a GPU's): a checkpoint each epoch there, by default. */
export const DEVICE_BACKENDS: readonly string[] = ['webgpu', 'webgl'];

/**
 * Whether a run checkpoints every epoch: where asked (`wanted`; by default where the backend's device can be lost,
 * DEVICE_BACKENDS: wasm and cpu tensors live as long as the tab) and the model is small enough.
 */
export function checkpoints(model: RatingModel, wanted = DEVICE_BACKENDS.includes(tf.getBackend())): boolean {
  return wanted && model.params.reduce((n, v) => n + v.size, 0) <= CHECKPOINT_MAX_FLOATS;
}

/** What an epoch's readback carries for its checkpoint, flat: the current weights, then the averaged ones (inside a tidy). */
export function checkpointTensors(p: TrainerParts): tf.Tensor[] {
  return [...p.model.params, ...(p.averaged?.params ?? [])].map((v) => tf.reshape(v, [-1]));
}

/**
 * An epoch's checkpoint out of its readback `all` (checkpointTensors from `at` on). The kept weights are this
 * epoch's (averaged ones when averaging) when it is the kept one (`isKept`), else the last checkpoint's.
 */
export function checkpointOf(all: Float32Array, at: number, p: TrainerParts, isKept: boolean, last: Checkpoint | undefined): Checkpoint {
  const params = p.model.params.map((v) => all.slice(at, (at += v.size)));
  const avg = p.averaged ? p.averaged.params.map((v) => all.slice(at, (at += v.size))) : undefined;
  const kept = isKept ? (avg ?? params) : last?.kept;
  return { epoch: p.progress.epoch, selected: p.selection.current, learningRate: p.progress.learningRate, params, ...(kept && { kept }), ...(avg && { averaged: avg }) };
}

/**
 * Completes the epoch's checkpoint once the next epoch's stage is settled: the stages after the epoch and, when
 * a stage began (`stageBegan`: its weights are the kept ones, loaded after the readback), the weights it starts from.
 */
export async function settleCheckpoint(c: Checkpoint, p: TrainerParts, stageBegan: boolean): Promise<void> {
  if (stageBegan) c.params = await readBack(p.model.params);
  Object.assign(c, { stage: p.model.stage, keptStage: p.selection.kept.stage, stageStart: p.progress.stageStart });
}

/** Continues from a checkpoint: its weights, kept weights, stages and progress (optimizer moments start afresh). */
export function restoreCheckpoint(c: Checkpoint, p: TrainerParts): void {
  const { model, averaged } = p;
  const kept = p.selection.kept;
  model.load(c.params);
  kept.load(c.kept ?? model.params);
  averaged?.load(c.averaged ?? c.params);
  if (c.stage) model.setStage(c.stage);
  if (c.stage) averaged?.setStage(c.stage);
  if (c.keptStage) kept.setStage(c.keptStage);
  p.progress.stageStart = c.stageStart ?? 0;
  p.progress.epoch = c.epoch;
  p.selection.restore(c.selected);
}

/** The trainer's state, read back from the device: what a saved model holds (see SavedTrainerState). */
export async function readSavedState(p: TrainerParts): Promise<SavedTrainerState> {
  const { model, averaged, progress } = p;
  const serving = () => p.selection.serving(averaged ?? model);
  const { iterations, slots } = await optimizerState(p.optimizer);
  return {
    epoch: progress.epoch,
    selected: p.selection.current,
    learningRate: progress.learningRate,
    params: await readBack(model.params),
    kept: await readBack(serving().params),
    ...(averaged && { averaged: await readBack(averaged.params) }),
    optimizer: { iterations, slots: await readBack(slots) },
    rngDraws: p.order.draws,
    order: p.order.rows.slice(),
    stage: model.stage,
    keptStage: serving().stage,
    stageStart: progress.stageStart,
    ...(model.trained.length !== model.params.length && { slotShapes: model.trained.map((v) => [...v.shape]) }),
  };
}

/**
 * Continues from a saved state: weights, kept weights, stages, optimizer slots and step, progress, the generator
 * and the row order, so that the next epoch is the one the uninterrupted run would have trained.
 */
export async function loadSavedState(s: SavedTrainerState, p: TrainerParts): Promise<void> {
  const { model, averaged, order } = p;
  const kept = p.selection.kept;
  if (s.order.length !== order.rows.length) throw new Error(`the saved row order has ${s.order.length} rows, the data ${order.rows.length}`);
  model.load(s.params);
  kept.load(s.kept);
  averaged?.load(s.averaged ?? s.params);
  model.setStage(s.stage);
  averaged?.setStage(s.stage);
  kept.setStage(s.keptStage);
  p.progress.stageStart = s.stageStart;
  if (s.optimizer.slots.length > 0) {
    const trained = model.trained;
    const perParam = s.optimizer.slots.length / trained.length;
    if (!Number.isInteger(perParam)) throw new Error(`the saved optimizer state has ${s.optimizer.slots.length} slots for ${trained.length} parameters`);
    const named = s.optimizer.slots.map((a, k) => {
      const v = trained[k % trained.length];
      return { name: `${v.name}/${Math.floor(k / trained.length)}`, tensor: tf.tensor(a, v.shape) };
    });
    const iter = tf.scalar(s.optimizer.iterations, 'int32');
    await p.optimizer.setWeights([{ name: 'iter', tensor: iter }, ...named]);
    tf.dispose([iter, ...named.map((n) => n.tensor)]);
  }
  p.progress.epoch = s.epoch;
  p.selection.restore(s.selected);
  order.resume(s.rngDraws, s.order);
}

/** Tensors' values, copied off the device. */
async function readBack(vs: readonly tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(vs.map(async (v) => (await v.data()).slice() as Float32Array));
}

/** The optimizer's step count and its slot variables (tfjs getWeights layout: the step, then the slots). */
async function optimizerState(optimizer: tf.Optimizer): Promise<{ iterations: number; slots: tf.Tensor[] }> {
  const [iter, ...slots] = await optimizer.getWeights();
  const iterations = iter ? (await iter.tensor.data())[0] : 0;
  if (iter) iter.tensor.dispose(); // a fresh scalar; the slots are the optimizer's own variables
  return { iterations, slots: slots.map((s) => s.tensor) };
}
