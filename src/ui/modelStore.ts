/** Saved model files kept in this browser's IndexedDB (never sent anywhere), by name. */
export interface StoredModel {
  name: string;
  savedAt: number;
  size: number;
  file: Blob;
}

const DB = 'autorec-studio-models';
const STORE = 'models';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'name' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const req = f(db.transaction(STORE, mode).objectStore(STORE));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  }).finally(() => db.close());
}

export const modelStore = {
  /** Newest first. */
  all: async () => (await tx<StoredModel[]>('readonly', (s) => s.getAll() as IDBRequest<StoredModel[]>)).sort((a, b) => b.savedAt - a.savedAt),
  put: (m: StoredModel) => tx('readwrite', (s) => s.put(m)),
  remove: (name: string) => tx('readwrite', (s) => s.delete(name)),
};
