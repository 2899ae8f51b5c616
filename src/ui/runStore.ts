import type { RunRecord } from './runs';

const DB = 'autorec-studio';
const STORE = 'runs';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise((resolve, reject) => {
    const req = f(db.transaction(STORE, mode).objectStore(STORE));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  }).finally(() => db.close()) as Promise<T>;
}

/** Runs persist across reloads in this browser's IndexedDB (never sent anywhere). */
export const runStore = {
  all: () => tx<RunRecord[]>('readonly', (s) => s.getAll() as IDBRequest<RunRecord[]>),
  put: (r: RunRecord) => tx('readwrite', (s) => s.put(r)),
  remove: (id: string) => tx('readwrite', (s) => s.delete(id)),
};
