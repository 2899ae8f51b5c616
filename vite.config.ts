/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { existsSync } from 'node:fs';

// The webgpu unit tests run tfjs on Dawn (the `webgpu` package), which loads libvulkan.so.1 by name
// when the test process starts; Debian's chromium ships one beside its SwiftShader driver.
const chromiumLibs = '/usr/lib/chromium';
if (process.env.VITEST && existsSync(`${chromiumLibs}/libvulkan.so.1`)) {
  process.env.LD_LIBRARY_PATH = [process.env.LD_LIBRARY_PATH, chromiumLibs].filter(Boolean).join(':');
}

// Cross-origin isolation lets the wasm backend use SharedArrayBuffer threads.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { headers: isolation },
  // The worker's dependencies, bundled when the dev server starts: found only once the worker loads, they
  // would make Vite re-bundle and reload the page under the first user of `npm start`.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'fflate'] },
  preview: { headers: isolation },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
