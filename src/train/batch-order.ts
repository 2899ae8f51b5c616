import { makeRng, shuffle } from '../data/rng';

/**
 * A run's seeded generator (the batch order, each step's dropout seed), how many numbers it has given (a saved
 * model replays them), and the order of the rows, shuffled in place each epoch.
 */
export class BatchOrder {
  /** The rows in this epoch's order. */
  readonly rows: Int32Array;
  /** Every row in its place: evaluation and prediction batches. */
  readonly inPlace: Int32Array;
  private readonly rng: () => number;
  private drawn = 0;

  constructor(seed: number, rows: number) {
    this.rng = makeRng(seed ^ 0x5eed);
    this.inPlace = Int32Array.from({ length: rows }, (_, i) => i);
    this.rows = this.inPlace.slice();
  }

  /** Numbers the generator has given so far. */
  get draws(): number {
    return this.drawn;
  }

  /** The generator's next number. */
  readonly next = (): number => (this.drawn++, this.rng());

  /** The next epoch's order. */
  shuffle(): void {
    shuffle(this.rows, this.next);
  }

  /** Continues where a saved run stood: the generator at its draws (replayed), the rows in its order. */
  resume(draws: number, order: Int32Array): void {
    for (let k = this.drawn; k < draws; k++) this.next();
    this.drawn = draws;
    this.rows.set(order);
  }
}

/** The row numbers `order[at .. at + B)` of a batch of B = ids.length rows, written into `ids`: -1 past the end of `order` (padding rows). */
export function batchRows(order: Int32Array, at: number, ids: Int32Array): Int32Array {
  const B = ids.length;
  for (let b = 0; b < B; b++) ids[b] = at + b < order.length ? order[at + b] : -1;
  return ids;
}
