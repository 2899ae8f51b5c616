/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { existsSync } from 'node:fs';
import { VitePWA } from 'vite-plugin-pwa';
// .js: Vite's native config loader (its planned default) wants the extension; TypeScript reads headers.ts for it.
import { CONTENT_SECURITY_POLICY, ISOLATION_HEADERS, SERVED_HEADERS } from './src/sw/headers.js';

// The webgpu unit tests run tfjs on Dawn (the `webgpu` package), which loads libvulkan.so.1 by name
// when the test process starts; Debian's chromium ships one beside its SwiftShader driver.
const chromiumLibs = '/usr/lib/chromium';
if (process.env.VITEST && existsSync(`${chromiumLibs}/libvulkan.so.1`)) {
  process.env.LD_LIBRARY_PATH = [process.env.LD_LIBRARY_PATH, chromiumLibs].filter(Boolean).join(':');
}

/**
 * tfjs-wasm's threaded build starts each pthread worker from the text of its module factory
 * (`factory.toString()`, sent as a Blob). Bundled and minified, that text names helpers renamed outside
 * it and every thread dies ("e is not defined"). This plugin reads the factory's original, self-contained
 * source here, at build time, and gives the bundled factory a `toString()` that returns it, as tfjs expects,
 * while the factory itself is bundled and minified as usual. Nothing is evaluated in the browser: the app's
 * Content-Security-Policy allows no eval (src/sw/headers.ts).
 */
function tfjsWasmThreads(): Plugin {
  return {
    name: 'tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      if (!/tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/.test(id.split('?')[0])) return null;
      // The file is a UMD module of Emscripten's: run in Node with no module system, it only defines the factory.
      const factory: unknown = new Function('module', 'exports', 'define', `${code}\nreturn WasmBackendModuleThreadedSimd;`)(undefined, undefined, undefined);
      if (typeof factory !== 'function') throw new Error(`tfjs-wasm-threads: ${id} no longer defines WasmBackendModuleThreadedSimd`);
      const source = JSON.stringify(Function.prototype.toString.call(factory));
      return { code: `${code}\nWasmBackendModuleThreadedSimd.toString = () => ${source};\n`, map: null };
    },
  };
}

/**
 * The policy of src/sw/headers.ts as a <meta> at the top of index.html (before any script or style it governs):
 * a static host sends no headers of ours, and the meta holds the page to the policy from its first load on.
 * Built pages only: the dev server's React refresh runs an inline script the policy forbids.
 */
function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

/**
 * Offline, installable, and cross-origin isolated on any static host: the service worker of src/sw/sw.ts
 * (precaches the whole app and adds the app's headers to what it serves), registered by the page
 * (src/ui/state/use-app-updates.ts: a new version waits for "Reload to update"). Off in the dev server.
 */
const pwa = VitePWA({
  strategies: 'injectManifest',
  srcDir: 'src/sw',
  filename: 'sw.ts',
  registerType: 'prompt',
  injectRegister: false,
  // the globs below take public/ (icons included) once
  includeManifestIcons: false,
  injectManifest: {
    // classic, not module, so every browser with service workers runs it
    rollupFormat: 'iife',
    globPatterns: ['**/*.{html,js,css,wasm,svg,png,webmanifest}'],
    // the training worker (tfjs inside) and the wasm binaries are a few MB each
    maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
  },
  manifest: {
    name: 'AutoRec Studio',
    short_name: 'AutoRec',
    description: 'Train an AutoRec recommender on your own MovieLens ratings, live, in your browser: your data never leaves the tab.',
    theme_color: '#1f3b73',
    background_color: '#ffffff',
    display: 'standalone',
    start_url: './',
    scope: './',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  devOptions: { enabled: false },
});

/**
 * Unit test files that drive a software GPU (Dawn on SwiftShader, in the test or in a command it runs) or
 * Chromium: one at a time (Vitest project 'one at a time'). Dawn in Node polls for the GPU's work on its
 * JavaScript thread, so two of these side by side each wait longer and poll all the while: measured, twice the
 * CPU time of one after the other, and slower.
 */
const ONE_AT_A_TIME = ['src/compute/sparse-webgpu.test.ts', 'src/tune/tuner-webgpu.test.ts', 'scripts/test/commands.test.ts'];

export default defineConfig({
  // Relative URLs: dist/ works wherever it is served from, at a host's root or under a path (GitHub Pages' /<repo>/).
  base: './',
  plugins: [react(), cspMeta(), pwa],
  // The worker bundle (where tfjs lives) is built by its own pipeline, with its own plugins.
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  // Cross-origin isolation lets the wasm backend use SharedArrayBuffer threads.
  server: { headers: ISOLATION_HEADERS },
  // The worker's dependencies, bundled when the dev server starts: found only once the worker loads, they
  // would make Vite re-bundle and reload the page under the first user of `npm start`.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'fflate'] },
  preview: { headers: SERVED_HEADERS },
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
