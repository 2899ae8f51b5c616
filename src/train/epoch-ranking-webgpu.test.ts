import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../data/demo';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { startWebGpuInNode } from '../compute/webgpu-node';
import { setupRun } from './setup-run';
import { rankServing } from './rank-model';

// The per-epoch ranking on webgpu (Dawn in Node; SwiftShader where there is no GPU): tf.topk, the gather of the
// decoder's rows and the mask on the device, the indices read back with the epoch's sums. Skipped without an adapter.
const unavailable = await startWebGpuInNode();
if (unavailable) console.warn(`webgpu ranking tests skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('the per-epoch ranking on webgpu', () => {
  it.each([
    ['I-AutoRec, sparse', { variant: 'I', compute: 'sparse' }],
    ['U-AutoRec, dense', { variant: 'U', compute: 'dense' }],
  ] as const)('%s: one readback per epoch, the figures of the host\'s top lists, tensors flat', async (_, over) => {
    const backend = tf.backend() as WebGPUBackend;
    const d = generateDemo({ users: 60, items: 40, ratings: 1200, seed: 4 });
    const c: TrainConfig = { ...D2L_DEFAULTS, hidden: 12, batchSize: 16, learningRate: 0.02, ...over };
    const { trainer, ranking } = setupRun(d, c, { backend: 'webgpu', rankEpochs: true });
    let reads = 0;
    const { read, readSync } = backend;
    backend.read = (id) => (reads++, read.call(backend, id));
    backend.readSync = (id) => (reads++, readSync.call(backend, id));
    const first = await trainer.trainEpoch();
    Object.assign(backend, { read, readSync });
    expect(reads, 'one readback per epoch').toBe(1);
    const tensors = tf.memory().numTensors;
    // the first epoch is the kept one: the end-of-run path (read back, top 10 on the host) gives its figures
    expect(first.selectedEpoch).toBe(1);
    const host = await rankServing(trainer, ranking);
    expect(first.testNdcg10).toBeGreaterThan(0);
    expect(first.testNdcg10).toBeCloseTo(host.ndcg, 5);
    expect(first.testPrecision10).toBeCloseTo(host.precision, 5);
    await trainer.trainEpoch();
    expect(tf.memory().numTensors, 'tensors flat').toBe(tensors);
    trainer.dispose();
  });
});
