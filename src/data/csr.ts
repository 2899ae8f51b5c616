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

/**
 * Where each entry of `b` sits in `a`, for two matrices of the same (row, column) pairs in the two orientations
 * (rows are items in one, users in the other: an I- and a U-AutoRec's validation or test set): b's entry k is
 * a's entry at[k]. Lets predictions made in one orientation be averaged with the other's. Throws when the
 * pairs differ.
 */
export function entriesIn(a: Csr, b: Csr): Int32Array {
  const n = a.colIdx.length;
  if (a.rows !== b.cols || a.cols !== b.rows || b.colIdx.length !== n) throw new Error(`entriesIn: a ${a.rows} x ${a.cols} matrix with ${n} entries and a ${b.rows} x ${b.cols} one with ${b.colIdx.length} are not one set in two orientations`);
  // a's entries grouped by column (b's rows), in ascending row order within each group: a stable counting sort
  const ptr = new Int32Array(a.cols + 1);
  for (let k = 0; k < n; k++) ptr[a.colIdx[k] + 1]++;
  for (let c = 0; c < a.cols; c++) ptr[c + 1] += ptr[c];
  const next = ptr.slice(0, a.cols);
  const entry = new Int32Array(n);
  const rowOf = new Int32Array(n);
  for (let r = 0; r < a.rows; r++) {
    for (let k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) {
      const at = next[a.colIdx[k]]++;
      entry[at] = k;
      rowOf[at] = r;
    }
  }
  const at = new Int32Array(n);
  for (let r = 0; r < b.rows; r++) {
    const from = b.rowPtr[r];
    const to = b.rowPtr[r + 1];
    const sorted = Array.from({ length: to - from }, (_, j) => from + j).sort((x, y) => b.colIdx[x] - b.colIdx[y]);
    if (sorted.length !== ptr[r + 1] - ptr[r]) throw new Error(`entriesIn: row ${r} has ${sorted.length} entries in one matrix and ${ptr[r + 1] - ptr[r]} in the other`);
    sorted.forEach((k, j) => {
      if (rowOf[ptr[r] + j] !== b.colIdx[k]) throw new Error(`entriesIn: the matrices differ at row ${r}`);
      at[k] = entry[ptr[r] + j];
    });
  }
  return at;
}
