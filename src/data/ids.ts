/** Maps raw (file) ids to dense indices 0..n-1 in order of first appearance. */
export class IdMap {
  private table = new Int32Array(1024).fill(-1);
  private big = new Map<number, number>();
  private raw = new Int32Array(1024);
  size = 0;

  /** Ids below this use the lookup table; larger ones a Map. */
  static readonly TABLE_LIMIT = 1 << 26;

  index(id: number): number {
    if (id < IdMap.TABLE_LIMIT) {
      if (id >= this.table.length) this.growTable(id);
      const at = this.table[id];
      if (at >= 0) return at;
      return (this.table[id] = this.add(id));
    }
    const at = this.big.get(id);
    if (at !== undefined) return at;
    const fresh = this.add(id);
    this.big.set(id, fresh);
    return fresh;
  }

  /** Dense index of a raw id, or -1 when never seen. */
  find(id: number): number {
    if (id < IdMap.TABLE_LIMIT) return id < this.table.length ? this.table[id] : -1;
    return this.big.get(id) ?? -1;
  }

  rawIds(): Int32Array {
    return this.raw.slice(0, this.size);
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
    const next = new Int32Array(Math.min(n, IdMap.TABLE_LIMIT)).fill(-1);
    next.set(this.table);
    this.table = next;
  }
}
