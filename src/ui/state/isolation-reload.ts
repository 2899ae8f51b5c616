/**
 * The one reload that makes the page cross-origin isolated on a host that sends no headers: the service worker
 * (src/sw/sw.ts) adds them to what it serves, but only to pages loaded through it, and the first load never is.
 * A session reloads for it at most once (a mark in sessionStorage, cleared once the page is isolated), so a browser
 * where the worker cannot isolate the page (or will not let it serve) is never reloaded in a loop: the backend badge
 * then says why training runs on one thread.
 */

/** The sessionStorage key of the mark: this tab has reloaded once for isolation and is not isolated yet. */
export const ISOLATION_RELOAD_KEY = 'autorec-isolation-reload';

export interface IsolationFacts {
  /** The page is cross-origin isolated already (headers from the host, or from the service worker). */
  isolated: boolean;
  /** A service worker is active for the page's scope: the next load goes through it. */
  workerReady: boolean;
  /** This session has reloaded for isolation before (the mark is set, or storage cannot keep it). */
  tried: boolean;
  /** Nothing loaded, opened or running: a reload loses nothing. */
  untouched: boolean;
}

/**
 * What to do about isolation now: 'reload' at once, 'offer' a reload (something is loaded: the person picks the
 * moment), or 'none' (isolated already, nothing a reload would change, or tried once this session).
 */
export function isolationReload(f: IsolationFacts): 'reload' | 'offer' | 'none' {
  if (f.isolated || !f.workerReady || f.tried) return 'none';
  return f.untouched ? 'reload' : 'offer';
}

/** Whether this session has reloaded for isolation; true where sessionStorage cannot keep the mark (no loop then). */
export function triedIsolation(storage: Pick<Storage, 'getItem'> | undefined): boolean {
  try {
    return !storage || storage.getItem(ISOLATION_RELOAD_KEY) !== null;
  } catch {
    return true;
  }
}

/** Marks the reload about to happen (or, once isolated, clears the mark); false when the mark cannot be kept. */
export function markIsolationReload(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, reloading: boolean): boolean {
  try {
    if (!storage) return false;
    if (reloading) storage.setItem(ISOLATION_RELOAD_KEY, String(Date.now()));
    else storage.removeItem(ISOLATION_RELOAD_KEY);
    return true;
  } catch {
    return false;
  }
}
