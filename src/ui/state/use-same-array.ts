import { useRef } from 'react';

/** The previous array while the new one holds the same items: memoized children then skip a redraw. */
export function useSameArray<T>(items: T[]): T[] {
  const last = useRef(items);
  if (items.length !== last.current.length || items.some((x, k) => x !== last.current[k])) last.current = items;
  return last.current;
}
