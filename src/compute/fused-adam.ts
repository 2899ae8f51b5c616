import * as tf from '@tensorflow/tfjs';
import type { AdamStep, HeapKernels } from './wasm/wasm-heap';

type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

const BETA1 = 0.9;
const BETA2 = 0.999;

/**
 * tf.train.adam's update, one fused in-place pass per variable on the wasm backend (tfjs runs about
 * ten ops, each a pass over the weights); the moments change in place. `decay` holds each weight's L2 lambda, added to its gradient
 * in the same pass. Same f32 arithmetic in the same order as tfjs's AdamOptimizer. `lazy`: lazy Adam (the
 * optimizer lazyadam), where a weight whose gradient (before the L2 term) is zero keeps its value and moments; on
 * the backends without the wasm kernels it steps through tfjs's ops (the same arithmetic, a few ulps apart).
 */
export class FusedAdam extends tf.Optimizer {
  static get className(): string {
    return 'FusedAdam';
  }

  private readonly moments = new Map<string, { m: tf.Tensor; v: tf.Tensor }>();
  private accBeta1 = Math.fround(BETA1);
  private accBeta2 = Math.fround(BETA2);

  constructor(
    public learningRate: number,
    /** The wasm kernels: absent on other backends, where a fused step steps it (webgpu's Adam) or tfjs's ops do (opsStep). */
    private readonly heap: HeapKernels | undefined,
    private readonly decay: Map<string, number>,
    readonly lazy = false,
  ) {
    super();
  }

  /** A new L2 lambda for every weight that has one (a live λ): from the next step. */
  setDecay(l2: number): void {
    for (const name of this.decay.keys()) this.decay.set(name, l2);
  }

  applyGradients(grads: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const named = Array.isArray(grads) ? grads.map((g) => [g.name, g.tensor] as const) : Object.entries(grads);
    const heap = this.heap;
    for (const [name, g] of named) {
      const w = tf.engine().registeredVariables[name];
      const mv = this.slots(w);
      if (!heap) {
        this.opsStep(w, g, mv, this.step(name));
        continue;
      }
      const next = heap.adam(w, g, mv.m, mv.v, this.step(name));
      w.assign(next);
      next.dispose();
    }
    this.stepped();
  }

  /** The step through tfjs's ops (no wasm kernels here): new moments replace the old. */
  private opsStep(w: tf.Variable, g: tf.Tensor, mv: { m: tf.Tensor; v: tf.Tensor }, s: AdamStep): void {
    const [m, v, next] = tf.tidy(() => {
      const gd = tf.add(g, tf.mul(w, s.l2));
      let m = tf.add(tf.mul(mv.m, s.beta1), tf.mul(gd, 1 - s.beta1));
      let v = tf.add(tf.mul(mv.v, s.beta2), tf.mul(tf.square(gd), 1 - s.beta2));
      let next = tf.add(tf.mul(tf.div(tf.div(m, s.oneMinusAccBeta1), tf.add(tf.sqrt(tf.div(v, s.oneMinusAccBeta2)), s.epsilon)), -s.learningRate), w);
      if (this.lazy) {
        const keep = tf.notEqual(g, 0);
        [m, v, next] = [tf.where(keep, m, mv.m), tf.where(keep, v, mv.v), tf.where(keep, next, w)];
      }
      return [m, v, next];
    });
    w.assign(next);
    next.dispose();
    tf.dispose([mv.m, mv.v]);
    this.moments.set(w.name, { m: tf.keep(m), v: tf.keep(v) });
  }

  /** The moments of `w` (zeros before its first step), which every step changes in place. */
  slots(w: tf.Variable): { m: tf.Tensor; v: tf.Tensor } {
    let mv = this.moments.get(w.name);
    if (!mv) this.moments.set(w.name, (mv = { m: tf.keep(tf.zerosLike(w)), v: tf.keep(tf.zerosLike(w)) }));
    return mv;
  }

  /** Lets every moment go (a fused step that keeps its own took them, and gives them back with setSlots). */
  dropSlots(): void {
    this.dispose();
  }

  /** Replaces the moments of `w` (a fused step that keeps its own gives them back; the old ones are disposed). */
  setSlots(w: tf.Variable, mv: { m: tf.Tensor; v: tf.Tensor }): void {
    const old = this.moments.get(w.name);
    if (old) tf.dispose([old.m, old.v]);
    this.moments.set(w.name, { m: tf.keep(tf.reshape(mv.m, w.shape)), v: tf.keep(tf.reshape(mv.v, w.shape)) });
    tf.dispose([mv.m, mv.v]);
  }

  /** The next step's scalars for the variable `name` (its L2 lambda included), in f32. */
  step(name: string): AdamStep {
    return {
      beta1: Math.fround(BETA1),
      beta2: Math.fround(BETA2),
      oneMinusAccBeta1: Math.fround(1 - this.accBeta1),
      oneMinusAccBeta2: Math.fround(1 - this.accBeta2),
      epsilon: Math.fround(tf.backend().epsilon()),
      learningRate: Math.fround(this.learningRate),
      l2: Math.fround(this.decay.get(name) ?? 0),
      lazy: this.lazy,
    };
  }

  /** Counts a step taken (the beta powers and the iterations move on): after every variable has taken it. */
  stepped(): void {
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(BETA1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(BETA2));
    this.incrementIterations();
  }

  /** tfjs's Adam layout: the step, then every first moment, then every second moment (in the order first stepped). */
  override async getWeights(): Promise<NamedTensor[]> {
    const mv = [...this.moments];
    return [await this.saveIterations(), ...mv.map(([n, x]) => ({ name: `${n}/m`, tensor: x.m })), ...mv.map(([n, x]) => ({ name: `${n}/v`, tensor: x.v }))];
  }

  /**
   * Restores getWeights' layout (from FusedAdam or tf.train.adam: the same numbers). Each slot's name starts
   * with its variable's name and a '/'; the accumulated beta powers are replayed from the step count.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const slots = await this.extractIterations(weightValues);
    const n = slots.length / 2;
    this.dispose();
    for (let k = 0; k < n; k++) {
      const name = slots[k].name.slice(0, slots[k].name.lastIndexOf('/'));
      this.moments.set(name, { m: tf.keep(tf.clone(slots[k].tensor)), v: tf.keep(tf.clone(slots[n + k].tensor)) });
    }
    this.accBeta1 = Math.fround(BETA1);
    this.accBeta2 = Math.fround(BETA2);
    for (let k = 0; k < this.iterations; k++) {
      this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(BETA1));
      this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(BETA2));
    }
  }

  override dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: BETA1, beta2: BETA2 };
  }
}
