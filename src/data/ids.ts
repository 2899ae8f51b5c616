/**
 * Maps raw (file) ids, non-negative integers, to dense indices 0..n-1 in order of first appearance.
 * Ids go through an Int32Array lookup table, grown as needed while it stays within TABLE_SPREAD
 * entries per id held (and TABLE_LIMIT in all); others a Map. So the table's memory follows the ids
 * held: MovieLens' ids (up to 300k) fill a table, while one id of 60 million does not make one of
 * 256 MB. An id put in the Map before the table grew past it stays there.
 */
export class IdMap {
  static readonly TABLE_LIMIT = 1 << 26;
  /** Table entries allowed per id held, beyond the first TABLE_FREE. */
  static readonly TABLE_SPREAD = 16;
  static readonly TABLE_FREE = 1 << 20;

  size = 0;
  private table = new Int32Array(1024).fill(-1);
  private readonly big = new Map<number, number>();
  private raw = new Int32Array(1024);

  /** Dense index of `id`, given a new one when `id` is new. */
  index(id: number): number {
    if (id >= this.table.length && id < IdMap.TABLE_LIMIT && id < IdMap.TABLE_FREE + IdMap.TABLE_SPREAD * this.size) this.growTable(id);
    if (id < this.table.length) {
      const at = this.table[id];
      if (at >= 0) return at;
      const old = this.big.size > 0 ? this.big.get(id) : undefined;
      return (this.table[id] = old ?? this.add(id));
    }
    const at = this.big.get(id);
    if (at !== undefined) return at;
    const fresh = this.add(id);
    this.big.set(id, fresh);
    return fresh;
  }

  /** Dense index of a raw id, or -1 when never seen (or not a valid id). */
  find(id: number): number {
    if (!Number.isInteger(id) || id < 0) return -1;
    const at = id < this.table.length ? this.table[id] : -1;
    return at >= 0 || this.big.size === 0 ? at : (this.big.get(id) ?? -1);
  }

  /** Raw id of each dense index. */
  rawIds(): Int32Array {
    return this.raw.slice(0, this.size);
  }

  static from(rawIds: Int32Array): IdMap {
    const m = new IdMap();
    for (let k = 0; k < rawIds.length; k++) m.index(rawIds[k]);
    return m;
  }

  private add(id: number): number {
    if (this.size === this.raw.length) {
      const next = new Int32Array(this.raw.length * 2);
      next.set(this.raw);
      this.raw = next;
    }
    this.raw[this.size] = id;
    return this.size++;
  }

  private growTable(id: number): void {
    let n = this.table.length;
    while (n <= id) n *= 2;
    const next = new Int32Array(n).fill(-1);
    next.set(this.table);
    this.table = next;
  }
}
