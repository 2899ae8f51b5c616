import { existsSync } from 'node:fs';
import { useBackend } from './backend';

/** Debian chromium's SwiftShader Vulkan driver: the software adapter Dawn finds on a machine without a GPU. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Switches tfjs to the app's WebGPU backend in Node, on Dawn (the `webgpu` package), for unit tests
 * of the webgpu path. Dawn loads libvulkan.so.1 by name: where the system has none, LD_LIBRARY_PATH
 * must name a folder with one before the process starts (vite.config.ts gives Vitest chromium's).
 * Resolves to why it cannot run, or undefined once tf.getBackend() is 'webgpu'.
 */
export async function startWebGpuInNode(): Promise<string | undefined> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]);
  if (!(await gpu.requestAdapter())) return `Dawn found no WebGPU adapter (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? ''}, LD_LIBRARY_PATH=${process.env.LD_LIBRARY_PATH ?? ''})`;
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  const info = await useBackend('webgpu');
  return info.name === 'webgpu' ? undefined : `tfjs could not start webgpu on Dawn: ${info.skipped.map((s) => s.reason).join('; ')}`;
}
