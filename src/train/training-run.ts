import type { TrainConfig } from '../config/config';
import type { LiveChanges } from '../config/settings';
import type { EpochStats } from './metrics';
import { PauseGate } from './pause-gate';
import { stalled } from './selection';
import type { Trainer } from './trainer';

export type RunState = 'running' | 'paused' | 'finished' | 'stopped';

/** How a run ended, in words for the status line. */
export interface RunEnd {
  kind: 'completed' | 'early-stopped' | 'diverged' | 'stopped';
  /** E.g. "early stop: validation RMSE no better for 10 epochs; kept epoch 31 (test RMSE 0.8843)". */
  message: string;
}

/** Where a paused run stands: after an epoch (batch 0), or inside one (Pause takes effect within a batch). */
export interface PausedAt {
  /** The epoch in progress (1-based) when inside one, else the last finished epoch. */
  epoch: number;
  /** Batches of that epoch done so far; 0 when paused between epochs. */
  batch: number;
  batches: number;
}

export interface RunEvents {
  /** A promise holds the next epoch back until it settles (the worker makes its item map and network view there). */
  epoch(stats: EpochStats): unknown;
  state(state: RunState, detail: { end?: RunEnd; pausedAt?: PausedAt }): void;
  /** Training threw (e.g. a lost GPU mid-epoch): the run is over, stopped. */
  error(err: unknown): void;
}

/**
 * Lets the event loop run: message handlers (Pause, Stop, a new learning rate) get their turn between
 * two batches even where the backend computes synchronously (wasm, cpu), where an awaited readback
 * resolves as a microtask and would never let a message in. A macrotask, without setTimeout's clamping.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => loopback().post(resolve));
}

/** How often a run lets messages in, at most (ms): within a frame, so Pause and the sliders answer at once. */
export const YIELD_EVERY_MS = 8;

/**
 * yieldToEventLoop where the last yield is at least `ms` old, else nothing: a batch of a small model takes a few
 * milliseconds on wasm, and a yield per batch (a message to itself, then whatever else the worker's loop holds)
 * was 2-5% of such an epoch.
 */
export function yieldEvery(ms: number): () => Promise<void> {
  let last = -Infinity;
  return async () => {
    if (performance.now() - last < ms) return;
    await yieldToEventLoop();
    last = performance.now();
  };
}

/** One message channel to itself for every yield (instead of a new channel, opened and closed, per batch). */
let channel: { post(resolve: () => void): void } | undefined;
function loopback(): { post(resolve: () => void): void } {
  if (channel) return channel;
  const { port1, port2 } = new MessageChannel();
  const waiting: (() => void)[] = [];
  port1.onmessage = () => waiting.shift()?.();
  return (channel = {
    post(resolve) {
      waiting.push(resolve);
      port2.postMessage(null);
    },
  });
}

const f4 = (x: number) => x.toFixed(4);

/**
 * A training run as a state machine: running, paused (between or inside epochs), stepping one epoch,
 * then ended (completed, early-stopped, diverged or stopped). One object owns the epoch loop and its
 * transitions; the worker and the headless commands drive it the same way.
 */
export class TrainingRun {
  /** Running, paused or stopped (Stop asked for: the loop ends within a batch). */
  private readonly gate = new PauseGate();
  /** Step: the gate is open for the epoch in progress (or one more epoch), then pauses again. */
  private stepping = false;
  /** Set when the run's tensors are gone (a lost GPU): the loop ends without touching them or saying anything. */
  private abandoned = false;
  private looping = false;
  private ended?: RunEnd;
  /** Time spent paused inside the epoch in progress: not part of its `ms`. */
  private pausedMs = 0;
  readonly done: Promise<RunEnd | undefined>;
  private resolveDone: (end: RunEnd | undefined) => void = () => {};

  constructor(
    readonly trainer: Trainer,
    private config: TrainConfig,
    private readonly events: RunEvents,
    private readonly yieldNow: () => Promise<void> = yieldEvery(YIELD_EVERY_MS),
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get end(): RunEnd | undefined {
    return this.ended;
  }

  get live(): boolean {
    return !this.ended && !this.abandoned;
  }

  /** Starts or resumes training. */
  play(): void {
    if (!this.live) return;
    this.stepping = false;
    this.gate.play();
    this.events.state('running', {});
    this.loopUnlessPaused();
  }

  /** Pauses within one batch (or YIELD_EVERY_MS: messages come in at yields). */
  pause(): void {
    if (!this.live || !this.gate.pause()) return;
    this.stepping = false;
    if (!this.looping) this.events.state('paused', { pausedAt: this.between() });
  }

  /** From paused: trains to the end of the epoch in progress (or one more epoch), then pauses. */
  step(): void {
    if (!this.live || !this.gate.paused) return;
    this.stepping = true;
    this.gate.play();
    this.loopUnlessPaused();
  }

  /** Ends the run within one batch (or YIELD_EVERY_MS); the epoch in progress does not count. */
  stop(): void {
    if (!this.live) return;
    this.gate.stop();
    if (!this.looping) this.finish({ kind: 'stopped', message: this.keptText() });
  }

  /** The run's tensors are gone (lost GPU): end without touching them and without events. */
  abandon(): void {
    this.abandoned = true;
    this.gate.stop();
    this.resolveDone(undefined);
  }

  /** Live settings (learning rate, λ, dropout, λs, patience, epoch cap): they take effect at the next batch. */
  setLive(changes: LiveChanges): void {
    if (!this.live) return;
    this.config = { ...this.config, ...changes };
    this.trainer.setLive(changes);
  }

  /** Starts the epoch loop when it is not running yet (nor paused before it ever ran). */
  private loopUnlessPaused(): void {
    if (!this.looping && this.live && !this.gate.paused) void this.loop();
  }

  private between(done = 0, batches = this.trainer.batchesPerEpoch): PausedAt {
    return done > 0 ? { epoch: this.trainer.epoch + 1, batch: done, batches } : { epoch: this.trainer.epoch, batch: 0, batches };
  }

  /** Between two batches: let messages in, wait while paused, say whether to go on. */
  private readonly betweenBatches = async (done: number, total: number): Promise<boolean> => {
    await this.yieldNow();
    if (this.gate.paused) {
      const t0 = performance.now();
      this.events.state('paused', { pausedAt: this.between(done, total) });
      await this.gate.whilePaused();
      this.pausedMs += performance.now() - t0;
      if (this.gate.open && !this.stepping) this.events.state('running', {});
    }
    return this.gate.open;
  };

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      while (this.live && !this.gate.stopped) {
        if (this.gate.paused) {
          this.events.state('paused', { pausedAt: this.between() });
          await this.gate.changed();
          continue;
        }
        this.pausedMs = 0;
        const trained = await this.trainer.trainEpoch(this.betweenBatches);
        if (this.abandoned) return;
        if (!trained) break; // stopped inside the epoch
        const stats = { ...trained, ms: trained.ms - this.pausedMs }; // an epoch's time is its training, not a pause inside it
        const held = this.events.epoch(stats);
        if (held instanceof Promise) await held;
        const end = this.endAfter(stats);
        if (end) return this.finish(end);
        if (this.stepping) {
          this.stepping = false;
          this.gate.pause();
        }
        await this.yieldNow();
      }
      if (this.abandoned) return;
      this.finish({ kind: 'stopped', message: this.keptText() });
    } catch (err) {
      if (this.abandoned) return;
      this.ended = { kind: 'stopped', message: this.keptText() };
      this.events.error(err);
      this.events.state('stopped', { end: this.ended });
      this.resolveDone(this.ended);
    } finally {
      this.looping = false;
    }
  }

  /** Whether the run ends after this epoch, and why. */
  private endAfter(s: EpochStats): RunEnd | undefined {
    if (!Number.isFinite(s.trainLoss) || (s.trainRmseFrom !== undefined && !Number.isFinite(s.trainRmse))) {
      return { kind: 'diverged', message: `diverged at epoch ${s.epoch} (the loss is ${s.trainLoss}): lower the learning rate; ${this.keptText()}` };
    }
    const { patience } = this.config;
    // a model's later stage (AutoRec+'s global kernel) starts a fresh count
    if (stalled(patience, this.trainer.validates, s.epoch, s.selectedEpoch, s.stageStart ?? 0)) {
      return { kind: 'early-stopped', message: `early stop: validation RMSE no better for ${patience} epochs; ${this.keptText()}` };
    }
    // epochs 0: no cap, the run goes on until stopped (or early-stopped)
    if (this.config.epochs > 0 && s.epoch >= this.config.epochs) return { kind: 'completed', message: this.keptText() };
    return undefined;
  }

  private keptText(): string {
    const s = this.trainer.selection;
    if (s.epoch === 0) return 'no epoch to keep';
    if (!this.trainer.validates) return `kept the last epoch, ${s.epoch} (no validation split), test RMSE ${f4(s.testRmse)}`;
    return `kept epoch ${s.epoch}: validation RMSE ${f4(s.validRmse)}, test RMSE ${f4(s.testRmse)}`;
  }

  private finish(end: RunEnd): void {
    if (this.ended) return;
    this.ended = end;
    this.events.state(end.kind === 'completed' || end.kind === 'early-stopped' ? 'finished' : 'stopped', { end });
    this.resolveDone(end);
  }
}
