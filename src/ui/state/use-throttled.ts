import { startTransition, useEffect, useRef, useState } from 'react';

/**
 * `value`, passed on at most once per `intervalMs` (the latest one wins), the first change `phaseMs`
 * after it happens. Charts re-render synchronously through Recharts' store whatever React's priority;
 * throttling them, and giving each its own phase, keeps every such render in a task of its own.
 */
export function useThrottled<T>(value: T, intervalMs: number, phaseMs = 0): T {
  const [shown, setShown] = useState(value);
  const next = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const now = performance.now();
    const timer = setTimeout(
      () => {
        next.current = performance.now() + intervalMs;
        startTransition(() => setShown(value));
      },
      Math.max(phaseMs, next.current - now),
    );
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs, phaseMs]);
  return shown;
}

/** The previous array while the new one holds the same items: memoized children then skip a redraw. */
export function useSameArray<T>(items: T[]): T[] {
  const last = useRef(items);
  if (items.length !== last.current.length || items.some((x, k) => x !== last.current[k])) last.current = items;
  return last.current;
}
