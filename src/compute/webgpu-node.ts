import { existsSync } from 'node:fs';
import { useBackend } from './backend';

/** Debian chromium's SwiftShader Vulkan driver: the software adapter Dawn finds on a machine without a GPU. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the Dawn-in-Node tests must run rather than skip: on CI (process.env.CI set) where chromium and
 * its SwiftShader Vulkan driver are installed, a missing adapter is a broken set-up, not a missing GPU.
 * Resolves to why they must run, or undefined where skipping is allowed.
 */
export function webGpuInNodeRequired(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!env.CI || !existsSync(SYSTEM_CHROMIUM) || !existsSync(SWIFTSHADER_ICD)) return undefined;
  return `CI=${env.CI} and ${SYSTEM_CHROMIUM} with its SwiftShader driver ${SWIFTSHADER_ICD} are here`;
}

/**
 * Switches tfjs to the app's WebGPU backend in Node, on Dawn (the `webgpu` package), for unit tests
 * of the webgpu path. Dawn loads libvulkan.so.1 by name: where the system has none, LD_LIBRARY_PATH
 * must name a folder with one before the process starts (vite.config.ts gives Vitest chromium's).
 * Resolves to why it cannot run, or undefined once tf.getBackend() is 'webgpu'.
 */
export async function startWebGpuInNode(): Promise<string | undefined> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  let webgpu: typeof import('webgpu');
  try {
    webgpu = await import('webgpu');
  } catch (err) {
    return `the webgpu package (Dawn for Node) did not load: ${err instanceof Error ? err.message : String(err)}`;
  }
  const { create, globals } = webgpu;
  Object.assign(globalThis, globals);
  const gpu = create([]);
  if (!(await gpu.requestAdapter())) return `Dawn found no WebGPU adapter (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? ''}, LD_LIBRARY_PATH=${process.env.LD_LIBRARY_PATH ?? ''})`;
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  const info = await useBackend('webgpu');
  return info.name === 'webgpu' ? undefined : `tfjs could not start webgpu on Dawn: ${info.skipped.map((s) => s.reason).join('; ')}`;
}
