import { idbStore } from './idb';
import type { RunRecord } from './runs';

const tx = idbStore('autorec-studio', 'runs', 'id');

/** Runs persist across reloads in this browser's IndexedDB (never sent anywhere). */
export const runStore = {
  all: () => tx<RunRecord[]>('readonly', (s) => s.getAll() as IDBRequest<RunRecord[]>),
  put: (r: RunRecord) => tx('readwrite', (s) => s.put(r)),
  remove: (id: string) => tx('readwrite', (s) => s.delete(id)),
};
