import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { BackendName } from '../config/config';
import type { Trainer } from './trainer';

/** Warm-up steps (shader compilation, first allocations) before the timed ones. */
const WARM_UP = 1;
/** Timed steps: enough to average out a step, few enough that the choice costs well under a second on a GPU. */
const TIMED = 3;

/** Waits until the device has done all the work queued so far (webgpu queues asynchronously; wasm and cpu are done). */
async function deviceIdle(): Promise<void> {
  if (tf.getBackend() !== 'webgpu') return;
  const b = tf.backend() as WebGPUBackend;
  b.submitQueue();
  await b.device.queue.onSubmittedWorkDone();
}

/**
 * Milliseconds per training step of `trainer` on the current tfjs backend: real optimizer steps of the
 * run's own model and batches, timed after a warm-up, with the device drained before each clock reading.
 * The epoch is abandoned after them (the trainer is for measuring only: dispose it). Undefined when an
 * epoch has too few batches to time.
 */
export async function msPerStep(trainer: Trainer): Promise<number | undefined> {
  const steps = Math.min(TIMED, trainer.batchesPerEpoch / 2 - WARM_UP);
  if (steps < 1) return undefined;
  let t0 = 0;
  let ms: number | undefined;
  await trainer.trainEpoch(async (done) => {
    if (done === WARM_UP) {
      await deviceIdle();
      t0 = performance.now();
    }
    if (done < WARM_UP + steps) return true;
    await deviceIdle();
    ms = (performance.now() - t0) / steps;
    return false;
  });
  return ms;
}

/**
 * msPerStep of a trainer made for the current tfjs backend by `make` (the run's own setup), disposed after;
 * undefined where the run cannot be set up there (it does not fit, or the backend lacks its path).
 */
export async function timeStepsHere(make: (backend: BackendName) => Trainer): Promise<number | undefined> {
  let trainer: Trainer | undefined;
  try {
    trainer = make(tf.getBackend() as BackendName);
    return await msPerStep(trainer);
  } catch {
    return undefined;
  } finally {
    trainer?.dispose();
  }
}
