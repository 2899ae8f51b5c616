import { idbStore } from './idb';

/** Saved model files kept in this browser's IndexedDB (never sent anywhere), by name. */
export interface StoredModel {
  name: string;
  savedAt: number;
  size: number;
  file: Blob;
}

const tx = idbStore('autorec-studio-models', 'models', 'name');

export const modelStore = {
  /** Newest first. */
  all: async () => (await tx<StoredModel[]>('readonly', (s) => s.getAll() as IDBRequest<StoredModel[]>)).sort((a, b) => b.savedAt - a.savedAt),
  put: (m: StoredModel) => tx('readwrite', (s) => s.put(m)),
  remove: (name: string) => tx('readwrite', (s) => s.delete(name)),
};
