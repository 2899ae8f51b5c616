// Helper threads for the sparse kernels in Node (src/compute/wasm/threads.ts): worker_threads running the
// helper's source. Unreferenced once started, so a command ends when its work does, even with helpers waiting.
import { Worker } from 'node:worker_threads';
import type { SpawnHelper } from './threads';

export const spawnNodeHelper: SpawnHelper = (source) => {
  const w = new Worker(source, { eval: true });
  return {
    postMessage: (m) => w.postMessage(m),
    listen(onMessage, onError) {
      w.on('message', (m) => {
        onMessage(m);
        w.unref(); // started: from now on the helper does not keep the command alive
      });
      w.on('error', (e) => onError(e.message));
      w.on('exit', (code) => code !== 0 && onError(`exited with code ${code}`));
    },
    terminate: () => void w.terminate(),
  };
};
