import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Baselines, EpochStats, TrainConfig } from '../../worker/messages';

/** The live run's data as a panel of the training chart shows it. */
export interface Snapshot {
  epochs: EpochStats[];
  baselines?: Baselines;
  /** The run's settings as it started: its epochs' live changes are drawn against them. */
  start?: TrainConfig;
}

/**
 * The live data as the two panels show it: taken at most once per `intervalMs` (a timer that new epochs
 * do not push back), shown by the first panel, and by the second in the very next task. Both panels
 * therefore always show the same epoch, bar the moment between those two tasks; each panel's redraw stays
 * a task of its own (Recharts redraws synchronously, whatever React's priority). Neither is a transition:
 * one could wait behind the other work a run's end brings (the history, the recommendations).
 */
export function usePanelSnapshots(latest: Snapshot, intervalMs: number): [Snapshot, Snapshot, () => void] {
  const [first, setFirst] = useState(latest);
  const [second, setSecond] = useState(latest);
  const newest = useRef(latest);
  newest.current = latest;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const next = useRef(0);
  useEffect(() => {
    if (latest === first || timer.current !== undefined) return;
    timer.current = setTimeout(
      () => {
        timer.current = undefined;
        next.current = performance.now() + intervalMs;
        setFirst(newest.current);
      },
      Math.max(0, next.current - performance.now()),
    );
  }, [latest, first, intervalMs]);
  useEffect(() => {
    if (first === second) return;
    const t = setTimeout(() => setSecond(first), 0);
    return () => clearTimeout(t);
  }, [first, second]);
  useEffect(() => () => clearTimeout(timer.current), []);
  /** Both panels at the latest data now (before the chart is exported), in one synchronous render. */
  const flush = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    flushSync(() => {
      setFirst(newest.current);
      setSecond(newest.current);
    });
  }, []);
  return [first, second, flush];
}
