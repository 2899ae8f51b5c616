import { expect, it } from 'vitest';
import { isolationReload, ISOLATION_RELOAD_KEY, markIsolationReload, triedIsolation } from './isolation-reload';

const fresh = { isolated: false, workerReady: true, tried: false, untouched: true };

it('reloads an untouched page once the service worker is ready, offers it where something is loaded, and never twice', () => {
  expect(isolationReload(fresh)).toBe('reload');
  expect(isolationReload({ ...fresh, untouched: false }), 'data loaded: the person picks the moment').toBe('offer');
  expect(isolationReload({ ...fresh, isolated: true }), 'headers from the host').toBe('none');
  expect(isolationReload({ ...fresh, workerReady: false }), 'a reload would change nothing').toBe('none');
  expect(isolationReload({ ...fresh, tried: true }), 'reloaded once this session already').toBe('none');
  expect(isolationReload({ ...fresh, tried: true, untouched: false })).toBe('none');
});

it('the mark: set before the reload, read after it, cleared once isolated; storage that fails counts as tried', () => {
  const kept = new Map<string, string>();
  const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v), removeItem: (k: string) => void kept.delete(k) };
  expect(triedIsolation(storage)).toBe(false);
  expect(markIsolationReload(storage, true)).toBe(true);
  expect(kept.has(ISOLATION_RELOAD_KEY)).toBe(true);
  expect(triedIsolation(storage)).toBe(true);
  expect(markIsolationReload(storage, false)).toBe(true);
  expect(triedIsolation(storage)).toBe(false);

  const broken = {
    getItem: (): string | null => {
      throw new Error('SecurityError');
    },
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
    removeItem: () => undefined,
  };
  expect(triedIsolation(broken), 'no mark can be read: no reload (no loop)').toBe(true);
  expect(markIsolationReload(broken, true), 'no mark can be kept: the caller does not reload').toBe(false);
  expect(triedIsolation(undefined)).toBe(true);
  expect(markIsolationReload(undefined, true)).toBe(false);
});
