import { useSyncExternalStore } from 'react';

const OTHER_DATA_KEY = 'autorec-studio:runs-of-other-data';
let otherData = (() => {
  try {
    return localStorage.getItem(OTHER_DATA_KEY) === '1';
  } catch {
    return false;
  }
})();
const otherDataListeners = new Set<() => void>();

function setOtherData(v: boolean): void {
  otherData = v;
  try {
    localStorage.setItem(OTHER_DATA_KEY, v ? '1' : '0');
  } catch {
    // private mode: the choice lasts until the tab closes
  }
  for (const l of otherDataListeners) l();
}

/**
 * Whether the chart also draws earlier runs of other datasets (off by default: their curves are on
 * another scale and another test set). One switch shared by the history list and the chart, kept in this browser.
 */
export function useOtherData(): [boolean, (v: boolean) => void] {
  const v = useSyncExternalStore(
    (l) => (otherDataListeners.add(l), () => otherDataListeners.delete(l)),
    () => otherData,
  );
  return [v, setOtherData];
}
