// The UI thread's tasks in a Chromium performance trace (Playwright's browser.startTracing): wall time (dur)
// beside the CPU time the thread really ran (tdur). A task long in wall time but short in CPU time is the
// machine descheduling the thread (load), not the app's work.

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number; columnNumber?: number } };
}

export interface UiTask {
  /** Microseconds on the trace clock. */
  ts: number;
  wallMs: number;
  cpuMs: number;
  event: TraceEvent;
}

/** Trace categories enough for the UI thread's top-level tasks and what ran inside them. */
export const UI_TASK_CATEGORIES = ['toplevel', 'devtools.timeline', 'v8.execute'];

export function readTrace(json: string): TraceEvent[] {
  const raw = JSON.parse(json) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return Array.isArray(raw) ? raw : raw.traceEvents;
}

/** The page's main thread (CrRendererMain) and its top-level tasks, oldest first. */
export function uiThreadTasks(events: TraceEvent[]): { tasks: UiTask[]; onMain: TraceEvent[] } {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no CrRendererMain thread in this trace');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const tasks: UiTask[] = [];
  let end = -Infinity;
  for (const e of onMain) {
    if (e.name !== 'ThreadControllerImpl::RunTask' || e.ts < end) continue; // top-level tasks only
    tasks.push({ ts: e.ts, wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000, event: e });
    end = e.ts + (e.dur ?? 0);
  }
  return { tasks, onMain };
}
