import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { chooseBackend, type BackendChoice, type BackendInfo, type StepTimer } from '../compute/backend';
import { threadsFor, type TrainConfig } from '../config/config';
import { useKernelThreads } from '../compute/sparse';
import type { SpawnHelper } from '../compute/wasm/threads';
import type { FromWorker } from './messages';

/** Where tfjs-wasm's files are, and how a kernel helper thread is spawned (a Web Worker in the browser). */
export interface BackendOptions {
  wasmPaths?: Record<string, string>;
  spawn?: SpawnHelper;
}

/**
 * The backend the worker runs on, started once per choice and said in the badge, with the CPU threads of its
 * sparse kernels. A lost WebGPU device forgets it (and tells `lost`, which ends the run on it).
 */
export class WorkerBackend {
  private current?: BackendInfo & { choice: BackendChoice };

  constructor(
    private readonly post: (msg: FromWorker) => void,
    readonly options: BackendOptions,
    private readonly lost: (reason: string) => void,
  ) {}

  /** The running backend when it is the one `choice` names (the choice it was started for, or its name). */
  runningFor(choice: BackendChoice): BackendInfo | undefined {
    const b = this.current;
    return b && (b.choice === choice || b.name === choice) ? b : undefined;
  }

  /** The backend for `choice`: the running one, or a new one started (and said to the page). */
  async ensure(choice: BackendChoice, timeSteps?: StepTimer, measure = false, threads?: number): Promise<BackendInfo> {
    if (this.current && this.current.choice === choice) return this.current;
    const info = await chooseBackend(choice, { ...this.options, wasmThreads: threads, deviceLost: (reason) => this.deviceLost(reason) }, timeSteps, measure);
    this.current = { ...info, choice };
    this.post({ type: 'backend', info });
    return info;
  }

  /** The sparse kernels of the backend in use on `threads` CPU threads (or fewer, with why), said in the badge. */
  async useThreads(threads: number): Promise<void> {
    if (!this.current) return;
    const info = await useKernelThreads(threads, this.options.spawn);
    const before = this.current.threads;
    if (info?.threads === before?.threads && info?.requested === before?.requested && info?.note === before?.note) return;
    const { choice, ...rest } = this.current;
    this.current = { ...rest, threads: info, choice };
    this.post({ type: 'backend', info: { ...rest, threads: info } });
  }

  /** Test hook: destroys the WebGPU device as a driver reset would. */
  loseDevice(): void {
    if (tf.getBackend() === 'webgpu') (tf.backend() as WebGPUBackend).device.destroy();
  }

  /** The WebGPU device is gone, and every tensor on it: the next run starts a backend afresh. */
  private deviceLost(reason: string): void {
    this.current = undefined;
    this.lost(reason);
  }
}

/** The CPU threads a run with `config` asks for (its setting, or every core the browser offers). */
export function threadsOf(config: Pick<TrainConfig, 'threads'>): number {
  return threadsFor(config.threads ?? 0, typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency);
}
