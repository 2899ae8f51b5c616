/**
 * One setup at a time: while a run, a search or an opened model is being set up (a backend starts
 * asynchronously), a second Start, Tune or Open is dropped. Stop or new data meanwhile cancels the run being
 * set up: it ends as soon as it exists.
 */
export class SetupGate {
  /** A setup is in progress. */
  busy = false;
  /** Stop or new data came while a run was being set up. */
  cancelled = false;

  /** Stop or new data: a run being set up ends as soon as it exists. */
  cancel(): void {
    if (this.busy) this.cancelled = true;
  }
}
