import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-webgpu's BufferManager this touches (its pool of freed buffers, kept by exact size and usage). */
interface BufferPool {
  freeBuffers: Map<string, GPUBuffer[]>;
  numFreeBuffers: number;
  numBytesAllocated: number;
}

/**
 * Destroys the webgpu backend's pooled free buffers. tfjs-webgpu keeps every freed buffer for reuse by its
 * exact size, for good: within one run that is what keeps GPU memory flat (every epoch asks for the same
 * sizes), but trials of different sizes would each leave their own sizes in the pool, and GPU memory would
 * grow from trial to trial. Called between trials, when no tensor of the finished trial is left; buffers in
 * use are untouched. Elsewhere (wasm, cpu, webgl) it does nothing.
 */
export function releasePooledGpuBuffers(): void {
  if (tf.getBackend() !== 'webgpu') return;
  const pool = (tf.backend() as unknown as { bufferManager?: BufferPool }).bufferManager;
  if (!pool || !(pool.freeBuffers instanceof Map)) return;
  for (const buffers of pool.freeBuffers.values()) {
    for (const b of buffers) {
      pool.numBytesAllocated -= b.size;
      b.destroy();
    }
    buffers.length = 0; // the keys stay: the manager only pools a released buffer while it has some
  }
  pool.numFreeBuffers = 0;
}
