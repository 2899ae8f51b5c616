import { useCallback, useState } from 'react';
import { download } from './download';
import { modelStore } from './model-store';

/**
 * What the worker's files become: a saved model file downloads, and a copy is kept in this browser (IndexedDB)
 * under its name (`storeVersion` changes as one is kept, so the list of kept models reloads); an export downloads.
 */
export function useModelFiles() {
  const [storeVersion, setStoreVersion] = useState(0);
  const onModelFile = useCallback((name: string, bytes: Uint8Array) => {
    const file = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
    download(name, file);
    void modelStore.put({ name, savedAt: Date.now(), size: file.size, file }).then(() => setStoreVersion((v) => v + 1));
  }, []);
  const onExportFile = useCallback((name: string, file: Blob) => download(name, file), []);
  return { storeVersion, onModelFile, onExportFile };
}
