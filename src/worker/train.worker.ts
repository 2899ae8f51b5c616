/// <reference lib="webworker" />
import type { FromWorker, ToWorker } from './messages';
import { spawnWebWorker } from './helper-threads';
import { Session } from './session';
import { WASM_PATHS } from './wasm-paths';

declare const self: DedicatedWorkerGlobalScope;

// The worker is a thin adapter: each message is one transition of the session (src/worker/session.ts).
// A model file's bytes move to the page rather than being copied.
const session = new Session((msg: FromWorker) => self.postMessage(msg, msg.type === 'modelFile' ? [msg.bytes.buffer] : []), { wasmPaths: WASM_PATHS, spawn: spawnWebWorker });

self.onmessage = (e: MessageEvent<ToWorker>) => session.dispatch(e.data);
