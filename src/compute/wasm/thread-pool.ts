import { KernelThreads, type KernelExports, type SpawnHelper, type ThreadsInfo } from './threads';

/** Why kernels cannot share work here: no SharedArrayBuffer, or no cross-origin isolation. */
export function sharedMemoryMissing(): string | undefined {
  if (typeof SharedArrayBuffer === 'undefined') return 'no SharedArrayBuffer here: the page is not cross-origin isolated';
  if (typeof crossOriginIsolated === 'boolean' && !crossOriginIsolated) return 'the page is not cross-origin isolated (no shared memory)';
  return undefined;
}

/** The threads of one set of kernels (one memory): resized when a run asks for another count. */
export class ThreadPool {
  private current: KernelThreads;
  private info: ThreadsInfo = { threads: 1, requested: 1 };

  /**
   * `shared` is the module and memory the helpers would share, or why there are none (an unshared
   * memory: the kernels then run on this thread only).
   */
  constructor(
    private readonly e: KernelExports,
    private readonly shared: { memory: WebAssembly.Memory; module: WebAssembly.Module } | string,
  ) {
    this.current = KernelThreads.single(e);
  }

  get kernels(): KernelThreads {
    return this.current;
  }

  /** Runs the kernels on `requested` threads where it can (this one and requested - 1 helpers); says how many and why not more. */
  async use(requested: number, spawn: SpawnHelper | undefined): Promise<ThreadsInfo> {
    const want = Math.max(1, Math.floor(requested));
    if (want === this.current.count && want === this.info.threads) return (this.info = { ...this.info, requested: want });
    this.current.close();
    this.current = KernelThreads.single(this.e);
    const one = (note?: string): ThreadsInfo => (this.info = { threads: 1, requested: want, ...(note ? { note } : {}) });
    if (want === 1) return one();
    if (typeof this.shared === 'string') return one(this.shared);
    if (!spawn) return one('no way to start threads here');
    try {
      this.current = await KernelThreads.start(this.e, this.shared.memory, this.shared.module, want, spawn);
      return (this.info = { threads: want, requested: want });
    } catch (err) {
      return one(err instanceof Error ? err.message : String(err));
    }
  }

  close(): void {
    this.current.close();
    this.current = KernelThreads.single(this.e);
    this.info = { threads: 1, requested: 1 };
  }
}
