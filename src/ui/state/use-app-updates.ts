import { useEffect, useRef, useState } from 'react';
import { Workbox } from 'workbox-window';
import { isolationReload, markIsolationReload, triedIsolation } from './isolation-reload';

/** What the service worker offers the page: a new version to reload into, or the reload that isolates it. */
export interface AppUpdates {
  /** 'waiting': a new version is installed and waits for the page; 'taken': another tab started it already. */
  update?: 'waiting' | 'taken';
  /** A reload would make the page cross-origin isolated (offered, not done: something is loaded). */
  isolate: boolean;
  /** Reloads into the new version (the waiting one told to take over first), or for isolation. */
  reload(): void;
}

/** How often a page left open asks the host whether a new version is deployed (browsers also do at each load). */
const CHECK_EVERY_MS = 60 * 60 * 1000;

function sessionStore(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * Registers the service worker of src/sw/sw.ts (built pages only: the dev server has none) and follows it: the
 * first version, once it controls the page, reloads an `untouched` page once to make it cross-origin isolated
 * (src/ui/state/isolation-reload.ts); a later version waits, installed, until `reload` (the page offers it when
 * no run or Tune is live), and nothing reloads the page unasked while anything is loaded.
 */
export function useAppUpdates(untouched: boolean): AppUpdates {
  const [update, setUpdate] = useState<AppUpdates['update']>();
  const [isolate, setIsolate] = useState(false);
  const box = useRef<Workbox | undefined>(undefined);
  const asked = useRef(false);
  const untouchedNow = useRef(untouched);
  untouchedNow.current = untouched;

  useEffect(() => {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    const storage = sessionStore();
    if (crossOriginIsolated) markIsolationReload(storage, false);
    const consider = () => {
      const tried = triedIsolation(storage);
      const act = isolationReload({ isolated: crossOriginIsolated, workerReady: true, tried, untouched: untouchedNow.current });
      if (act === 'reload' && markIsolationReload(storage, true)) location.reload();
      else if (act === 'offer') setIsolate(true);
    };
    const wb = new Workbox(new URL('sw.js', document.baseURI).href, { scope: './' });
    wb.addEventListener('waiting', () => setUpdate('waiting'));
    wb.addEventListener('controlling', (e) => {
      if (asked.current) location.reload();
      else if (e.isUpdate) setUpdate('taken'); // another tab moved to the new version: this page still runs the old one
      else consider(); // the first version took this page
    });
    let timer: ReturnType<typeof setInterval> | undefined;
    wb.register().then(
      (registration) => {
        // active but not serving this page: a hard reload bypassed it
        if (registration?.active && !navigator.serviceWorker.controller) consider();
        if (registration) timer = setInterval(() => registration.update().catch(() => undefined), CHECK_EVERY_MS);
      },
      () => undefined, // refused (a private window, storage off): the badge says why threads are off
    );
    box.current = wb;
    return () => clearInterval(timer);
  }, []);

  const reload = () => {
    if (update === 'waiting' && box.current) {
      asked.current = true;
      box.current.messageSkipWaiting(); // the page reloads once the new version controls it
    } else {
      if (!update) markIsolationReload(sessionStore(), true);
      location.reload();
    }
  };
  return { update, isolate, reload };
}
