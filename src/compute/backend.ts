import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { BACKENDS, type BackendChoice, type BackendInfo, type BackendName } from '../config/config';

export { BACKENDS, type BackendChoice, type BackendInfo, type BackendName };

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|basic render/i;
let webgpuAdapter: { description: string; software: boolean; maxBufferBytes: number } | undefined;
let registered = false;
let onDeviceLost: ((reason: string) => void) | undefined;

/** After a device loss the backend is unusable: drop it so the next request builds a fresh one. */
function forgetWebGpu(reason: string): void {
  webgpuAdapter = undefined;
  registered = false;
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  onDeviceLost?.(reason);
}

/** Replaces tfjs' own WebGPU factory so we keep the adapter's facts and hear about device loss. */
function registerWebGpu(): void {
  if (registered || typeof navigator === 'undefined' || !navigator.gpu) return;
  registered = true;
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend(
    'webgpu',
    async () => {
      if (!('gpu' in navigator) || !navigator.gpu) throw new Error('this browser has no WebGPU (navigator.gpu)');
      const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) throw new Error('no WebGPU adapter (GPU blocklisted or WebGPU disabled)');
      const limits = adapter.limits;
      const device = await adapter.requestDevice({
        requiredLimits: {
          maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
          maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
          maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
          maxBufferSize: limits.maxBufferSize,
          maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
          maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
        },
      });
      const info = adapter.info;
      const fallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
      const description =
        [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' / ') || 'unknown adapter';
      webgpuAdapter = {
        description,
        software: fallback || SOFTWARE.test(description),
        maxBufferBytes: Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize),
      };
      void device.lost.then((lost) => forgetWebGpu(`${lost.reason}: ${lost.message}`));
      return new WebGPUBackend(device, info);
    },
    3,
  );
}

export interface BackendOptions {
  /** URLs of the tfjs wasm binaries, keyed by file name (a bundler's asset URLs). */
  wasmPaths?: Record<string, string>;
  /**
   * Threads for tfjs-wasm's own thread pool (its dense ops), set before it first starts (later runs keep
   * it); the sparse kernels' threads are set per run (sparse.ts useKernelThreads).
   */
  wasmThreads?: number;
  deviceLost?: (reason: string) => void;
}

let wasmStarted = false;

/**
 * Switches tfjs to `preferred`, else to the next in the chain webgpu -> webgl -> wasm -> cpu,
 * and says which one runs and why others were skipped.
 */
export async function useBackend(preferred: BackendName, opts: BackendOptions = {}): Promise<BackendInfo> {
  if (opts.wasmPaths && !wasmStarted) setWasmPaths(opts.wasmPaths);
  if (opts.wasmThreads && !wasmStarted) setThreadsCount(opts.wasmThreads);
  onDeviceLost = opts.deviceLost;
  registerWebGpu();
  const chain = BACKENDS.slice(BACKENDS.indexOf(preferred));
  const skipped: BackendInfo['skipped'] = [];
  for (const name of chain) {
    try {
      if (!tf.findBackendFactory(name)) throw new Error('not available here');
      if (name === 'wasm') wasmStarted = true;
      if (!(await tf.setBackend(name))) throw new Error('failed to initialise');
      await tf.ready();
      return { name, ...describe(name), skipped };
    } catch (e) {
      skipped.push({ name, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  throw new Error(`no tfjs backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

interface AdapterFacts {
  description: string;
  software: boolean;
  maxBufferBytes: number;
}
let adapterProbe: Promise<AdapterFacts | undefined> | undefined;

/** The WebGPU adapter this browser would give (asked once), without starting a backend; undefined when none. */
function probeWebGpu(): Promise<AdapterFacts | undefined> {
  adapterProbe ??= (async () => {
    if (typeof navigator === 'undefined' || !navigator.gpu) return undefined;
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
    if (!adapter) return undefined;
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    const description = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' / ') || 'unknown adapter';
    return {
      description,
      software: info.isFallbackAdapter === true || SOFTWARE.test(description),
      maxBufferBytes: Math.min(adapter.limits.maxStorageBufferBindingSize, adapter.limits.maxBufferSize),
    };
  })();
  return adapterProbe;
}

/** Times a few real training steps of the run about to start on the current backend (src/train/measure.ts). */
export type StepTimer = () => Promise<number | undefined>;

/** What 'auto' measured on an adapter, remembered for this page's later runs. */
const measured = new Map<string, { name: BackendName; figures: string }>();

/**
 * 'auto' trains on WebGPU unless its adapter is software (SwiftShader and the like), where WebAssembly is
 * several times faster: a fast path. On a hardware adapter, given `timeSteps`, it measures: a few real
 * training steps of the run on webgpu and on wasm, and the faster trains ("webgpu 14.0 ms/step, wasm
 * 38.2 ms/step: webgpu"); the result is remembered per adapter, so the next run starts at once. `measure`
 * forces measuring on a software adapter too (a test hook). The returned note says what was done.
 */
export async function chooseBackend(choice: BackendChoice, opts: BackendOptions = {}, timeSteps?: StepTimer, measure = false): Promise<BackendInfo> {
  if (choice !== 'auto') return useBackend(choice, opts);
  const gpu = await probeWebGpu();
  if (!gpu) return useBackend('webgpu', opts); // falls back along the chain and says why
  if (gpu.software && !measure) {
    const info = await useBackend('wasm', opts);
    return { ...info, note: `WebGPU runs on a software adapter here (${gpu.description}), slower than ${info.name}: training on ${info.name}. Pick webgpu to override.` };
  }
  if (!timeSteps) return useBackend('webgpu', opts);
  const known = measured.get(gpu.description);
  if (known) return { ...(await useBackend(known.name, opts)), note: `auto measured on this adapter earlier: ${known.figures}` };
  const times: { name: BackendName; ms: number }[] = [];
  for (const name of ['webgpu', 'wasm'] as const) {
    const info = await useBackend(name, opts);
    if (info.name !== name) continue;
    const ms = await timeSteps();
    if (ms !== undefined) times.push({ name, ms });
  }
  if (times.length === 0) return { ...(await useBackend('webgpu', opts)), note: 'auto: too few batches to measure; webgpu' };
  const best = times.reduce((a, b) => (b.ms < a.ms ? b : a));
  const figures = `${times.map((t) => `${t.name} ${t.ms.toFixed(1)} ms/step`).join(', ')}: ${best.name}`;
  measured.set(gpu.description, { name: best.name, figures });
  return { ...(await useBackend(best.name, opts)), note: `auto measured this run's training steps: ${figures}` };
}

/**
 * The backend a choice would start, by chooseBackend's rules, without starting it (for a plan before
 * Start), and the words that say so.
 */
export async function assumedBackend(choice: BackendChoice): Promise<{ name: BackendName; maxBufferBytes?: number; assumed: string }> {
  if (choice !== 'auto' && choice !== 'webgpu') return { name: choice, assumed: `${choice}, as chosen (it starts with the run)` };
  const gpu = await probeWebGpu();
  if (!gpu) return { name: 'webgl', assumed: 'no WebGPU adapter here: the run would fall back to webgl' };
  if (choice === 'auto' && gpu.software) return { name: 'wasm', assumed: `auto picks wasm: WebGPU runs on a software adapter here (${gpu.description})` };
  return { name: 'webgpu', maxBufferBytes: gpu.maxBufferBytes, assumed: `${choice === 'auto' ? 'auto picks webgpu' : 'webgpu'} on ${gpu.description} (it starts with the run)` };
}

function describe(name: BackendName): Pick<BackendInfo, 'adapter' | 'software' | 'maxBufferBytes'> {
  if (name === 'webgpu' && webgpuAdapter) {
    return { adapter: webgpuAdapter.description, software: webgpuAdapter.software, maxBufferBytes: webgpuAdapter.maxBufferBytes };
  }
  if (name === 'webgl') {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl: WebGLRenderingContext } }).gpgpu?.gl;
    const renderer = gl ? String(gl.getParameter(gl.RENDERER)) : 'WebGL';
    return { adapter: renderer, software: SOFTWARE.test(renderer) };
  }
  if (name === 'wasm') return { adapter: 'WebAssembly (CPU)', software: false };
  return { adapter: 'JavaScript (CPU)', software: false };
}
