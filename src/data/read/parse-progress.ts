import type { ReadLimits } from './limits';

export interface ParseProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface ParseOptions {
  onProgress?: (p: ParseProgress) => void;
  /** Ceilings other than READ_LIMITS (tests use small ones). */
  limits?: ReadLimits;
}

/** Reports progress at most once per 1% of the bytes (and per 64 KB), and always at the end. */
export function throttle(totalBytes: number, onProgress?: (p: ParseProgress) => void): (bytesRead: number, rows: number) => void {
  if (!onProgress) return () => undefined;
  const step = Math.max(totalBytes / 100, 1 << 16);
  let next = 0;
  let last = { bytesRead: -1, totalBytes, rows: -1 };
  return (bytesRead, rows) => {
    if (bytesRead < next && bytesRead < totalBytes) return;
    if (bytesRead === last.bytesRead && rows === last.rows) return;
    next = bytesRead + step;
    last = { bytesRead, totalBytes, rows };
    onProgress(last);
  };
}
