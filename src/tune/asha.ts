/**
 * Asynchronous successive halving (ASHA, Li et al. 2018) for trials that run one after another: rungs at
 * minEpochs x eta^k epochs. A trial that reaches a rung is compared, by its best validation RMSE so far, with
 * every trial that reached that rung before; it goes on only while it is in the best 1/eta of them (never
 * stopped while fewer than eta trials have reached the rung). Pure bookkeeping: no tfjs.
 */
export class Asha {
  readonly rungs: number[];
  private readonly seen: number[][];

  constructor(
    readonly minEpochs: number,
    readonly eta: number,
    maxEpochs: number,
  ) {
    if (!(minEpochs >= 1) || !(eta >= 2)) throw new Error('ASHA needs minEpochs >= 1 and eta >= 2');
    this.rungs = [];
    for (let r = minEpochs; r < maxEpochs; r *= eta) this.rungs.push(Math.round(r));
    this.seen = this.rungs.map(() => []);
  }

  /**
   * A trial's best validation RMSE after `epoch` epochs: true when it should stop here (pruned). Only rung
   * epochs are recorded; other epochs never prune.
   */
  report(epoch: number, validRmse: number): boolean {
    const k = this.rungs.indexOf(epoch);
    if (k < 0) return false;
    const v = Number.isFinite(validRmse) ? validRmse : Infinity;
    const rung = this.seen[k];
    rung.push(v);
    if (rung.length < this.eta) return false;
    const keep = Math.max(1, Math.floor(rung.length / this.eta));
    const better = rung.filter((x) => x < v).length;
    return better >= keep;
  }

  /** Trials recorded at each rung, for the panel and the log. */
  get counts(): { epoch: number; trials: number }[] {
    return this.rungs.map((epoch, k) => ({ epoch, trials: this.seen[k].length }));
  }
}
