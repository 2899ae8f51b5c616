/**
 * Maps raw (file) ids, non-negative integers, to dense indices 0..n-1 in order of first appearance.
 * Ids below TABLE_LIMIT go through an Int32Array lookup table grown as needed; larger ones a Map.
 */
export class IdMap {
  static readonly TABLE_LIMIT = 1 << 26;

  size = 0;
  private table = new Int32Array(1024).fill(-1);
  private readonly big = new Map<number, number>();
  private raw = new Int32Array(1024);

  /** Dense index of `id`, given a new one when `id` is new. */
  index(id: number): number {
    if (id < IdMap.TABLE_LIMIT) {
      if (id >= this.table.length) this.growTable(id);
      const at = this.table[id];
      return at >= 0 ? at : (this.table[id] = this.add(id));
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
    if (id < IdMap.TABLE_LIMIT) return id < this.table.length ? this.table[id] : -1;
    return this.big.get(id) ?? -1;
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
