import type { Csr, RatingTriples } from './types';

/**
 * Builds compressed sparse rows by counting sort. `byItem` makes items the rows (I-AutoRec:
 * each row is an item's ratings over all users); otherwise users are the rows (U-AutoRec).
 */
export function toCsr(r: RatingTriples, numUsers: number, numItems: number, byItem: boolean): Csr {
  const rowOf = byItem ? r.items : r.users;
  const colOf = byItem ? r.users : r.items;
  const rows = byItem ? numItems : numUsers;
  const cols = byItem ? numUsers : numItems;
  const n = r.ratings.length;
  const rowPtr = new Int32Array(rows + 1);
  for (let k = 0; k < n; k++) rowPtr[rowOf[k] + 1]++;
  for (let i = 0; i < rows; i++) rowPtr[i + 1] += rowPtr[i];
  const next = rowPtr.slice(0, rows);
  const colIdx = new Int32Array(n);
  const values = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const at = next[rowOf[k]]++;
    colIdx[at] = colOf[k];
    values[at] = r.ratings[k];
  }
  return { rows, cols, rowPtr, colIdx, values };
}

/**
 * Writes the given rows of `m` densely into `out` (rows.length x m.cols, row-major).
 * A row index of -1 leaves a zero row: padding that masked losses ignore.
 */
export function densifyRows(m: Csr, rows: ArrayLike<number>, out: Float32Array): Float32Array {
  out.fill(0);
  for (let b = 0; b < rows.length; b++) {
    const r = rows[b];
    if (r < 0) continue;
    const base = b * m.cols;
    for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) out[base + m.colIdx[k]] = m.values[k];
  }
  return out;
}
