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
  args?: {
    name?: string;
    data?: { functionName?: string; url?: string; lineNumber?: number; columnNumber?: number };
    chrome_mojo_event_info?: { mojo_interface_tag?: string };
  };
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

/** A DevTools message: the test's own work on the page (a locator's query, an evaluate), not the app's. */
const fromDevTools = (e: TraceEvent): boolean => e.args?.chrome_mojo_event_info?.mojo_interface_tag === 'blink.mojom.DevToolsSession';

/**
 * The page's main thread (CrRendererMain) and its top-level tasks, oldest first; without the tasks that only
 * answer DevTools (Playwright's queries while it waits: 120 chart points counted once took 37 ms).
 */
export function uiThreadTasks(events: TraceEvent[]): { tasks: UiTask[]; onMain: TraceEvent[] } {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no CrRendererMain thread in this trace');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const tasks: UiTask[] = [];
  let end = -Infinity;
  const devTools = onMain.filter(fromDevTools);
  for (const e of onMain) {
    if (e.name !== 'ThreadControllerImpl::RunTask' || e.ts < end) continue; // top-level tasks only
    end = e.ts + (e.dur ?? 0);
    // a task that opens by receiving a DevTools message (within 0.1 ms of its start) runs the test's own work
    if (devTools.some((d) => d.ts >= e.ts && d.ts - e.ts < 100 && d.ts < end)) continue;
    tasks.push({ ts: e.ts, wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000, event: e });
  }
  return { tasks, onMain };
}
