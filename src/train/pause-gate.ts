type GateState = 'open' | 'paused' | 'stopped';

/**
 * Pause and wake for a loop that awaits between its steps (a training run between batches, a search between
 * trials): open, paused or stopped, with the transitions pause, play and stop (stop is final). Each transition
 * wakes the loop if it waits, and the time spent paused is kept.
 */
export class PauseGate {
  private state: GateState = 'open';
  private pausedAt = 0;
  private pausedTotal = 0;
  private waiter: () => void = () => {};

  get open(): boolean {
    return this.state === 'open';
  }

  get paused(): boolean {
    return this.state === 'paused';
  }

  get stopped(): boolean {
    return this.state === 'stopped';
  }

  /** Open -> paused; false (nothing changes) when paused or stopped already. */
  pause(): boolean {
    if (this.state !== 'open') return false;
    this.state = 'paused';
    this.pausedAt = performance.now();
    return true;
  }

  /** Paused -> open, waking the loop; false when not paused. */
  play(): boolean {
    if (this.state !== 'paused') return false;
    this.pausedTotal += performance.now() - this.pausedAt;
    this.state = 'open';
    this.wake();
    return true;
  }

  /** Open or paused -> stopped, waking the loop; false when stopped already. */
  stop(): boolean {
    if (this.state === 'stopped') return false;
    if (this.state === 'paused') this.pausedTotal += performance.now() - this.pausedAt;
    this.state = 'stopped';
    this.wake();
    return true;
  }

  /** Resolves at the next transition (the loop looks again at where it stands then). */
  changed(): Promise<void> {
    return new Promise((resolve) => (this.waiter = resolve));
  }

  /** Resolves once the gate is no longer paused (played or stopped). */
  async whilePaused(): Promise<void> {
    while (this.state === 'paused') await this.changed();
  }

  /** Time since `startMs` with the time spent paused left out (a pause in progress included). */
  activeMsSince(startMs: number): number {
    const now = this.state === 'paused' ? this.pausedAt : performance.now();
    return now - startMs - this.pausedTotal;
  }

  /** Time spent paused so far, a pause in progress included. */
  pausedMs(): number {
    return this.pausedTotal + (this.state === 'paused' ? performance.now() - this.pausedAt : 0);
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = () => {};
    w();
  }
}
