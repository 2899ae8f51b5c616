/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { FromWorker, ToWorker } from './messages';
import { spawnWebWorker } from './helper-threads';
import { Session } from './session';
import { WASM_PATHS } from './wasm-paths';

declare const self: DedicatedWorkerGlobalScope;

// The worker is a thin adapter: each message is one transition of the session (src/worker/session.ts).
// A model file's bytes move to the page rather than being copied.
const session = new Session((msg: FromWorker) => self.postMessage(msg, msg.type === 'modelFile' ? [msg.bytes.buffer] : []), { wasmPaths: WASM_PATHS, spawn: spawnWebWorker });

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'load':
      return void session.load(msg.file);
    case 'loadFiles':
      return void session.loadFiles(msg.files);
    case 'loadTest':
      return void session.loadTest(msg.file);
    case 'loadDemo':
      return session.loadDemo();
    case 'start':
      return void session.start(msg.config, msg.backend, msg.measure);
    case 'resumeOn':
      return void session.resumeOn(msg.backend);
    case 'loseDevice':
      // Test hook: destroys the WebGPU device as a driver reset would.
      if (tf.getBackend() === 'webgpu') (tf.backend() as WebGPUBackend).device.destroy();
      return;
    case 'pause':
      return session.pause();
    case 'resume':
      return session.resume();
    case 'step':
      return session.step();
    case 'stop':
      return session.stop();
    case 'setLearningRate':
      return session.setLearningRate(msg.value);
    case 'recommend':
      return void session.recommend(msg.user, msg.minRatings);
    case 'plan':
      return void session.plan(msg.id, msg.config, msg.backend);
    case 'saveModel':
      return void session.saveModel();
    case 'openModel':
      return void session.openModelFile(msg.file, msg.name, msg.backend);
    case 'continueModel':
      return void session.continueModel(msg.epochs);
    case 'exportAll':
      return void session.exportAll(msg.n, msg.minRatings);
    case 'neighbours':
      return void session.neighbours(msg.item);
    case 'tune':
      return void session.tune(msg.base, msg.space, msg.options, msg.backend, msg.recipe);
    case 'tuneControl':
      return session.tuneControl(msg.action);
  }
};
