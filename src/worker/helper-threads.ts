/// <reference lib="webworker" />
import type { SpawnHelper } from '../compute/wasm/threads';

/**
 * Helper threads for the sparse kernels (src/compute/wasm/threads.ts) in the browser: Web Workers started
 * from the helper's source as a Blob, nested in the training worker (same origin, nothing fetched).
 */
export const spawnWebWorker: SpawnHelper = (source) => {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const w = new Worker(url, { name: 'autorec kernel thread' });
  return {
    postMessage: (m) => w.postMessage(m),
    listen(onMessage, onError) {
      w.onmessage = (e: MessageEvent) => {
        URL.revokeObjectURL(url);
        onMessage(e.data);
      };
      w.onerror = (e: ErrorEvent) => {
        URL.revokeObjectURL(url);
        onError(e.message || 'the worker did not start');
      };
    },
    terminate: () => w.terminate(),
  };
};
