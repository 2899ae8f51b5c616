import { expect, it } from 'vitest';
import { uiThreadTasks, type TraceEvent } from '../lib/ui-tasks';

const thread = (tid: number, name: string): TraceEvent => ({ name: 'thread_name', ph: 'M', pid: 1, tid, ts: 0, args: { name } });
const x = (name: string, ts: number, dur: number, tdur = dur, tid = 7, args?: TraceEvent['args']): TraceEvent => ({ name, ph: 'X', pid: 1, tid, ts, dur, tdur, args });
const devTools = { chrome_mojo_event_info: { mojo_interface_tag: 'blink.mojom.DevToolsSession' } };
const other = { chrome_mojo_event_info: { mojo_interface_tag: 'blink.mojom.Widget' } };

it("keeps the main thread's top-level tasks, without those that answer DevTools (the test's own queries)", () => {
  const events = [
    thread(7, 'CrRendererMain'),
    thread(8, 'DedicatedWorker thread'),
    // children written before their parents, as Chromium writes complete events
    x('EventDispatch', 1000, 30_000, 28_000),
    x('ThreadControllerImpl::RunTask', 1000, 31_000, 29_000),
    x('ThreadControllerImpl::RunTask', 2000, 5_000), // nested in the first: not top-level
    x('Receive mojo message', 50_000, 37_000, 37_000, 7, devTools),
    x('ThreadControllerImpl::RunTask', 50_000, 37_100, 37_000),
    x('ThreadControllerImpl::RunTask', 100_000, 12_000, 11_000),
    x('Receive mojo message', 100_010, 11_900, 10_900, 7, other),
    x('ThreadControllerImpl::RunTask', 200_000, 90_000, 90_000, 8), // another thread
  ];
  const { tasks } = uiThreadTasks(events);
  expect(tasks.map((t) => [t.ts, t.wallMs, t.cpuMs])).toEqual([
    [1000, 31, 29],
    [100_000, 12, 11],
  ]);
});
