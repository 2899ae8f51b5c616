import * as tf from '@tensorflow/tfjs';

interface RefCounting {
  incRef(dataId: object): void;
}

let shared = false;

/**
 * tfjs-wasm's Identity (tf.clone, and every tensor tfjs saves for a backward pass: each op's inputs or outputs
 * its gradient needs, each tf.customGrad's saved tensors) copies the buffer; the cpu backend's shares it, counted
 * (tfjs never writes into a tensor's buffer, and on wasm reshape shares buffers already). Sharing saves a copy of
 * every saved tensor at every step: the decoder's whole weight matrix for the sparse decoder, each activation
 * for its gradient. Our kernels that do write in place (FusedAdam's moments, pooled outputs) write only into
 * buffers no other tensor holds (heap.ts: refCount checks, fresh moments).
 */
export function shareIdentityOnWasm(): void {
  if (shared) return;
  shared = true;
  tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel({
    kernelName: tf.Identity,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as tf.TensorInfo;
      (backend as unknown as RefCounting).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}
