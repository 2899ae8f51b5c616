import { KERNEL_NAMES } from './kernel-args';
import { ARGS, CLAIM, DONE, FAILED, OP, PARTS, SPIN, STOP, unpackSource } from './control-block';

/**
 * The helper thread's program (threads.ts). Plain JavaScript in a string, so that no bundler or minifier can
 * rename what it refers to (the trap tfjs-wasm's own pthreads fall into), started the same way in a browser (a
 * Blob worker) and in Node (an eval worker_thread). Each part's call is unpacked as the table says (unpackSource).
 */
export const HELPER_SOURCE = `"use strict";
function part(e, c, f, i) {
  var s = c[${PARTS} + 2 * i], n = c[${PARTS} + 2 * i + 1], a = ${ARGS}, op = c[a];
${KERNEL_NAMES.map((k, i) => `  ${i === 0 ? 'if' : 'else if'} (op === ${OP[k]}) ${unpackSource(k)};`).join('\n')}
}
function run(d, post) {
  var e = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  var c = new Int32Array(d.control), f = new Float32Array(d.control);
  var seen = Atomics.load(c, ${CLAIM}) >>> 16;
  post("ready");
  for (;;) {
    var w = Atomics.load(c, ${CLAIM}), spins = 0;
    while (w >>> 16 === seen) {
      if (++spins > ${SPIN}) { Atomics.wait(c, ${CLAIM}, w); spins = 0; }
      w = Atomics.load(c, ${CLAIM});
    }
    seen = w >>> 16;
    for (;;) {
      var parts = (w >>> 8) & 255, next = w & 255;
      if (w >>> 16 !== seen || next >= parts) break;
      var got = Atomics.compareExchange(c, ${CLAIM}, w, w + 1);
      if (got !== w) { w = got; continue; }
      if (c[${ARGS}] === ${STOP}) return;
      try { part(e, c, f, next); } catch (err) { Atomics.store(c, ${FAILED}, d.index + 1); }
      if (Atomics.add(c, ${DONE}, 1) + 1 === parts) Atomics.notify(c, ${DONE});
      w = Atomics.load(c, ${CLAIM});
    }
  }
}
if (typeof process === "object" && process.versions && process.versions.node && typeof require === "function") {
  var port = require("node:worker_threads").parentPort;
  port.once("message", function (d) { run(d, function (m) { port.postMessage(m); }); });
} else {
  self.onmessage = function (ev) { self.onmessage = null; run(ev.data, function (m) { self.postMessage(m); }); };
}
`;
