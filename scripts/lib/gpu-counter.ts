// Counts the GPU work tfjs-webgpu submits (in Node over Dawn): compute dispatches, and the bytes of the buffers
// each dispatch binds (every bound buffer's bound range, once per dispatch: what a dispatch can read or write, an
// upper bound on its memory traffic when each element is touched once, as in these kernels). Figures for the
// roofline estimate of `npm run bench:gpu`; nothing in the app uses it.

/** Dispatches and bound bytes so far (since the counter was made). */
export interface GpuCounter {
  readonly dispatches: number;
  readonly bytes: number;
}

interface BufferBinding {
  buffer: { size: number };
  offset?: number;
  size?: number;
}

type Proto = Record<string, (...args: unknown[]) => unknown>;

/**
 * Wraps Dawn's GPUDevice.createBindGroup, GPUComputePassEncoder.setBindGroup and dispatchWorkgroups (the classes
 * the `webgpu` package puts on globalThis) to count: undefined where they are not there to wrap.
 */
export function countGpuWork(): GpuCounter | undefined {
  const g = globalThis as unknown as { GPUDevice?: { prototype: Proto }; GPUComputePassEncoder?: { prototype: Proto } };
  const device = g.GPUDevice?.prototype;
  const pass = g.GPUComputePassEncoder?.prototype;
  if (!device?.createBindGroup || !pass?.setBindGroup || !pass.dispatchWorkgroups) return undefined;
  const groupBytes = new WeakMap<object, number>();
  const bound = new WeakMap<object, Map<number, number>>();
  const counts = { dispatches: 0, bytes: 0 };
  const createBindGroup = device.createBindGroup;
  device.createBindGroup = function (this: unknown, ...args: unknown[]) {
    const group = createBindGroup.apply(this, args) as object;
    const entries = (args[0] as { entries?: { resource?: unknown }[] }).entries ?? [];
    let bytes = 0;
    for (const e of entries) {
      const r = e.resource as BufferBinding | undefined;
      if (r && typeof r === 'object' && 'buffer' in r) bytes += r.size ?? r.buffer.size - (r.offset ?? 0);
    }
    groupBytes.set(group, bytes);
    return group;
  };
  const setBindGroup = pass.setBindGroup;
  pass.setBindGroup = function (this: object, ...args: unknown[]) {
    let groups = bound.get(this);
    if (!groups) bound.set(this, (groups = new Map()));
    groups.set(args[0] as number, groupBytes.get(args[1] as object) ?? 0);
    return setBindGroup.apply(this, args);
  };
  const dispatch = pass.dispatchWorkgroups;
  pass.dispatchWorkgroups = function (this: object, ...args: unknown[]) {
    counts.dispatches++;
    for (const b of bound.get(this)?.values() ?? []) counts.bytes += b;
    return dispatch.apply(this, args);
  };
  return counts;
}

/** A GPU's memory bandwidth, for the roofline estimate (the makers' figures). */
export const GPUS: Readonly<Record<string, { name: string; bandwidthGBs: number }>> = {
  h100: { name: 'NVIDIA H100 SXM (HBM3)', bandwidthGBs: 3350 },
  h200: { name: 'NVIDIA H200 (HBM3e)', bandwidthGBs: 4800 },
  a100: { name: 'NVIDIA A100 80GB SXM', bandwidthGBs: 2039 },
  rtx4090: { name: 'NVIDIA RTX 4090', bandwidthGBs: 1008 },
  m2: { name: 'Apple M2 (unified memory)', bandwidthGBs: 100 },
};

/**
 * What one dispatch costs beyond its bytes: encoding it, its bind group and its share of a submit through
 * tfjs-webgpu, Dawn and the driver, about 5 µs on a desktop GPU (the order tfjs-webgpu's own profiles show for
 * small kernels). A stated assumption, not a measurement.
 */
export const LAUNCH_US = 5;

/** Bytes over the bandwidth plus dispatches times the launch cost: a floor on ms per epoch where memory bounds the work. */
export function rooflineMs(bytes: number, dispatches: number, gpu: { bandwidthGBs: number }, launchUs = LAUNCH_US): number {
  return (bytes / (gpu.bandwidthGBs * 1e9)) * 1e3 + (dispatches * launchUs) / 1e3;
}
