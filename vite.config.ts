/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { existsSync } from 'node:fs';

// The webgpu unit tests run tfjs on Dawn (the `webgpu` package), which loads libvulkan.so.1 by name
// when the test process starts; Debian's chromium ships one beside its SwiftShader driver.
const chromiumLibs = '/usr/lib/chromium';
if (process.env.VITEST && existsSync(`${chromiumLibs}/libvulkan.so.1`)) {
  process.env.LD_LIBRARY_PATH = [process.env.LD_LIBRARY_PATH, chromiumLibs].filter(Boolean).join(':');
}

/**
 * tfjs-wasm's threaded build starts each pthread worker from the text of its module factory
 * (`factory.toString()`, sent as a Blob). Bundled and minified, that text names helpers renamed outside
 * it and every thread dies ("e is not defined"). This plugin keeps the factory's text as a string in the
 * bundle and makes the function from it at load time, so `toString()` returns the original, self-contained
 * source, as tfjs expects, while the rest of the bundle is minified as usual.
 */
function tfjsWasmThreads(): Plugin {
  return {
    name: 'tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      if (!/tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/.test(id.split('?')[0])) return null;
      const body = `${code}\nreturn WasmBackendModuleThreadedSimd;`;
      return {
        code: `module.exports = new Function('module', 'exports', 'define', ${JSON.stringify(body)})(undefined, undefined, undefined);\n`,
        map: null,
      };
    },
  };
}

/**
 * Unit test files that drive a software GPU (Dawn on SwiftShader, in the test or in a command it runs) or
 * Chromium: one at a time (Vitest project 'one at a time'). Dawn in Node polls for the GPU's work on its
 * JavaScript thread, so two of these side by side each wait longer and poll all the while: measured, twice the
 * CPU time of one after the other, and slower.
 */
const ONE_AT_A_TIME = ['src/compute/sparse-webgpu.test.ts', 'src/tune/tuner-webgpu.test.ts', 'scripts/test/commands.test.ts'];

// Cross-origin isolation lets the wasm backend use SharedArrayBuffer threads.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  // The worker bundle (where tfjs lives) is built by its own pipeline, with its own plugins.
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  server: { headers: isolation },
  // The worker's dependencies, bundled when the dev server starts: found only once the worker loads, they
  // would make Vite re-bundle and reload the page under the first user of `npm start`.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'fflate'] },
  preview: { headers: isolation },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    projects: [
      // First the long files that must not overlap, one after another; then the rest on two workers (Vitest's
      // default is one fewer than the cores: one on a 2-core machine, where much of a file's time is waiting on
      // a child process or on tfjs's worker threads).
      { extends: true, test: { name: 'one at a time', include: ONE_AT_A_TIME, fileParallelism: false, sequence: { groupOrder: 1 } } },
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'], exclude: ['**/node_modules/**', '**/.git/**', ...ONE_AT_A_TIME], maxWorkers: 2, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
