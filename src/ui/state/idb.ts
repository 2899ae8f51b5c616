/**
 * One IndexedDB object store (one database holding it, version 1), opened for each request and closed after:
 * what the run history and the kept models are saved in. Nothing in it leaves this browser.
 */
export function idbStore(db: string, store: string, keyPath: string) {
  function open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(db, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(store, { keyPath });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return async function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const d = await open();
    return new Promise<T>((resolve, reject) => {
      const req = f(d.transaction(store, mode).objectStore(store));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    }).finally(() => d.close());
  };
}
