import { MAX_PARTS } from './control-block';

/** Parts per thread: small enough that the caller takes over a late helper's share, few enough to cost nothing. */
const PARTS_PER_THREAD = 8;
/**
 * Calls with less work than this (multiply-adds) run on the calling thread alone: waking the helpers costs
 * tens of microseconds, about what one thread does in that much work.
 */
export const MIN_SPLIT_WORK = 1 << 16;

/**
 * [first row, rows] parts of 0..rows from CSR row pointers (ptr[r]..ptr[r + 1] are row r's entries), cut where
 * entries plus `rowCost` a row (a row costs its entries and one write, or what else is done once a row) reach equal
 * shares; never an empty part.
 */
export function balancedPtr(ptr: Int32Array, rows: number, parts: number, rowCost = 1): [number, number][] {
  const total = ptr[rows] - ptr[0] + rowCost * rows;
  const out: [number, number][] = [];
  let start = 0;
  for (let p = 1; p < parts && start < rows; p++) {
    const want = (p * total) / parts;
    let lo = start;
    let hi = rows;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ptr[mid + 1] - ptr[0] + rowCost * (mid + 1) < want) lo = mid + 1;
      else hi = mid;
    }
    const end = Math.min(rows, lo + 1);
    out.push([start, end - start]);
    start = end;
  }
  if (start < rows) out.push([start, rows - start]);
  return out;
}

/** [start, length] parts of 0..n, starts aligned to `align` (SIMD lanes); empty parts dropped. */
export function splitRange(n: number, parts: number, align = 1): [number, number][] {
  const chunk = Math.ceil(n / parts / align) * align;
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += chunk) out.push([start, Math.min(chunk, n - start)]);
  return out;
}

/** Parts for a call of `work` multiply-adds on `threads` threads: PARTS_PER_THREAD each, none much under MIN_SPLIT_WORK / 4. */
export function partsFor(work: number, threads: number): number {
  return Math.max(1, Math.min(threads * PARTS_PER_THREAD, MAX_PARTS, Math.floor((4 * work) / MIN_SPLIT_WORK)));
}
