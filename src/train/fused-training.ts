import * as tf from '@tensorflow/tfjs';
import type { FusedAdam } from '../compute/fused-adam';
import { maskParams } from '../compute/dropout';
import { FusedStepWebGpu } from '../compute/fused-step-webgpu';
import { FUSED_DECODERS, PARAM_KEYS, type FusedDecoder, type Moments, type StepParams, type TrainStep } from '../compute/train-step';
import { ACTIVATION_CODE, type KernelActivation } from '../compute/wasm/threads';
import { kernels } from '../compute/wasm/cpu-kernels';
import { FusedStep } from '../compute/wasm/fused-step';
import { adamScalars, heapKernels } from '../compute/wasm/wasm-heap';
import type { TrainConfig } from '../config/config';
import { AutoRecModel } from '../model/autorec';
import type { RatingModel } from '../model/rating-model';
import type { RunOptimizer } from './optimizer';
import type { TrainData } from './prepare';

/**
 * Why a run cannot take a fused step (src/compute/train-step.ts), or undefined where it can: the default model
 * (AutoRec with one hidden layer, sparse compute, Adam, a kernel activation in the encoder, identity or relu in the
 * decoder) on the wasm or cpu backend with WebAssembly SIMD or on webgpu. Every other run trains through tfjs's ops, as the reference.
 */
export function fusedRefusal(config: TrainConfig, model: RatingModel): string | undefined {
  if (!(model instanceof AutoRecModel) || config.model !== 'autorec') return 'not plain AutoRec';
  if (config.extraLayers > 0) return 'extra layers';
  if (config.compute !== 'sparse') return 'dense compute';
  if (config.optimizer !== 'adam' && config.optimizer !== 'lazyadam') return `${config.optimizer}, not Adam`;
  if (config.optimizer === 'lazyadam' && tf.getBackend() === 'webgpu') return 'lazy Adam on webgpu';
  if (!stepBackend()) return `no fused step on ${tf.getBackend()}`;
  if (!(config.encoder in ACTIVATION_CODE)) return `the encoder's ${config.encoder}`;
  if (!(FUSED_DECODERS as readonly string[]).includes(config.decoder)) return `the decoder's ${config.decoder}`;
  return undefined;
}

/**
 * Where the active backend takes the fused step: webgpu (WGSL), wasm (the SIMD kernels in tfjs-wasm's heap), cpu
 * (the same kernels in their own memory, the weights and moments copied in and out); none elsewhere (webgl; wasm or
 * cpu without WebAssembly SIMD).
 */
function stepBackend(): 'webgpu' | 'wasm' | 'cpu' | undefined {
  const backend = tf.getBackend();
  if (backend === 'webgpu') return 'webgpu';
  if (backend === 'wasm') return heapKernels() ? 'wasm' : undefined;
  return backend === 'cpu' && kernels().stepMemory ? 'cpu' : undefined;
}

/**
 * The trainer's side of the fused step: it trains the model's own weights, taking them in at an epoch's start
 * (they may have been restored, loaded or chosen since) and giving them back (sync) at its end, or whenever
 * something reads them mid-epoch (a save while paused). Adam's state is the run's FusedAdam's: its moments
 * (changed in place), its step count, learning rate and λ, so saving, resuming and live settings work as on
 * the tfjs path.
 */
export class FusedTraining {
  /** The step's weights are newer than the model's variables. */
  private ahead = false;
  /** The optimizer's moments are in the step's keeping (ownsMoments), to be given back at sync. */
  private lent = false;
  /** The step holds what the model's variables hold (it took them in, or gave them back since): nothing to take in at an epoch's start. */
  private current = false;

  private constructor(
    private readonly step: TrainStep,
    private readonly model: AutoRecModel,
    private readonly adam: FusedAdam,
    private readonly data: TrainData,
  ) {}

  /** The fused step for this run, or undefined where it cannot take one (fusedRefusal). */
  static for(config: TrainConfig, model: RatingModel, opt: RunOptimizer, data: TrainData): FusedTraining | undefined {
    if (fusedRefusal(config, model) !== undefined || !opt.handlesDecay) return undefined;
    const shape = { inputs: data.train.cols, hidden: config.hidden, batch: config.batchSize, encoder: config.encoder as KernelActivation, decoder: config.decoder as FusedDecoder };
    const on = stepBackend();
    let step: TrainStep;
    if (on === 'cpu') {
      // the kernels' own memory (4 GiB at most) holds a copy of the weights and moments: where they do not fit (its
      // grow throws a RangeError), the run trains through tfjs's ops (FusedAdam steps there too)
      try {
        step = new FusedStep(kernels().stepMemory!(), shape);
      } catch (err) {
        if (err instanceof RangeError) return undefined;
        throw err;
      }
    } else step = on === 'webgpu' ? new FusedStepWebGpu(shape) : heapKernels()!.fusedStep(shape);
    return new FusedTraining(step, model as AutoRecModel, opt.optimizer as FusedAdam, data);
  }

  private get vars(): StepParams<tf.Variable> {
    const { encoder, decoder } = this.model.p;
    return { w1: encoder[0].w, b1: encoder[0].b, w2: decoder.w, b2: decoder.b };
  }

  /** The model's variables and the optimizer were given other values (a restore, a loaded state): the step takes them in at the next epoch's start. */
  forget(): void {
    this.ahead = false;
    this.lent = false;
    this.current = false;
  }

  /** The optimizer's moments of each parameter, first made in the order tfjs's path steps them (its saved layout). */
  private get slots(): StepParams<Moments> {
    const v = this.vars;
    return { w1: this.adam.slots(v.w1), b1: this.adam.slots(v.b1), w2: this.adam.slots(v.w2), b2: this.adam.slots(v.b2) };
  }

  /** At an epoch's start: the model's weights (and the optimizer's moments) now. */
  begin(): void {
    // what an abandoned epoch left in the sums goes
    const left = this.step.take();
    tf.dispose([left.loss, left.sums]);
    if (!this.current) {
      this.step.load(this.vars, this.slots);
      this.current = true;
    }
    // a step that keeps the moments in its own buffers gives copies back at sync: none kept meanwhile
    if (this.step.ownsMoments && !this.lent) {
      this.adam.dropSlots();
      this.lent = true;
    }
  }

  /** One batch of rows `ids` (-1: none), dropout as `rate` with this batch's `seed`; its loss is added to the epoch's (take). */
  train(ids: Int32Array, rate: number, seed: number): void {
    // both weights take one λ (FusedAdam's setDecay gives every weight the same)
    this.step.train(this.data.train, ids, rate > 0 ? maskParams(rate, seed) : undefined, adamScalars(this.adam.step(this.vars.w1.name)), this.slots);
    this.adam.stepped();
    this.ahead = true;
  }

  /** Adds the clipped predictions' errors at rows `ids` of the step's weights to the epoch's sums (take): evalSums' five. */
  evaluate(ids: Int32Array, evaluateTest: boolean, measureTrain: boolean): void {
    const { train, valid, test, ratingMin, ratingMax } = this.data;
    this.step.evaluate(train, ids, [measureTrain ? train : undefined, valid.values.length > 0 ? valid : undefined, evaluateTest ? test : undefined], ratingMin, ratingMax);
  }

  /** The epoch's summed loss and evaluation sums (tensors, not read back), reset for the next. */
  take(): { loss: tf.Scalar; sums: tf.Tensor1D } {
    return this.step.take();
  }

  /** The model's variables (and the optimizer, where the step keeps its own moments) take the step's values, where they are behind. */
  sync(): void {
    if (!this.ahead && !this.lent) return;
    const vars = this.vars;
    // the moments, where the step keeps its own: copies for the optimizer (the step goes on with its own)
    const moments = this.step.moments();
    if (moments) for (const k of PARAM_KEYS) this.adam.setSlots(vars[k], moments[k]);
    this.lent = false;
    if (!this.ahead) return;
    for (const k of PARAM_KEYS) {
      // one at a time: the variable's old buffer is freed before the next copy is made (the wasm heap's peak)
      const p = this.step.param(k);
      const t = tf.reshape(p, vars[k].shape);
      vars[k].assign(t);
      tf.dispose([t, p]);
    }
    this.ahead = false;
  }

  dispose(): void {
    this.step.dispose();
  }
}
