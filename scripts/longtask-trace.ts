// Reads a Chromium performance trace (e2e/interface.spec.ts attaches one, ui-trace.json, to its test output) and lists the UI
// thread's long tasks: wall time (dur) beside the CPU time the thread really ran (tdur), and what ran inside.
// A long task with little CPU time is the machine descheduling the thread (load), not the app's work.
//   npx tsx scripts/longtask-trace.ts test-results/<the test's folder>/ui-trace.json [--over 50]
import { readFileSync } from 'node:fs';
import { readTrace, uiThreadTasks, type TraceEvent } from './lib/ui-tasks';
import { fail, parseArgs } from './lib/args';

const { positional, flags } = parseArgs(process.argv.slice(2));
if (!positional[0]) fail('usage: longtask-trace.ts <trace.json> [--over ms]');
const over = Number(flags.get('over') ?? 50) * 1000;
let found;
try {
  found = uiThreadTasks(readTrace(readFileSync(positional[0], 'utf8')));
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
const { onMain } = found;
const tasks: TraceEvent[] = found.tasks.map((t) => t.event);
const ms = (us = 0) => (us / 1000).toFixed(1);
const t0 = tasks[0]?.ts ?? 0;
const long = tasks.filter((t) => (t.dur ?? 0) > over);
const byCpu = [...tasks].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0));
console.log(`${tasks.length} tasks on the UI thread; ${long.length} over ${over / 1000} ms wall; the most CPU in one task: ${ms(byCpu[0]?.tdur)} ms`);
for (const t of [...long, ...byCpu.slice(0, 5).filter((t) => !long.includes(t))]) {
  const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts < t.ts + (t.dur ?? 0) && e.name !== 'ThreadControllerImpl::RunTask');
  const sums = new Map<string, [number, number]>();
  for (const e of inside) {
    const [w, c] = sums.get(e.name) ?? [0, 0];
    sums.set(e.name, [w + (e.dur ?? 0), c + (e.tdur ?? 0)]);
  }
  const top = [...sums].sort((a, b) => b[1][1] - a[1][1]).slice(0, 5).map(([n, [w, c]]) => `${n} ${ms(w)}/${ms(c)}`);
  const call = inside.find((e) => e.name === 'FunctionCall' && (e.dur ?? 0) > 0.5 * (t.dur ?? 0))?.args?.data;
  const where = call ? ` in ${call.functionName || '(anonymous)'} ${call.url ?? ''}:${call.lineNumber}:${call.columnNumber}` : '';
  console.log(`  +${((t.ts - t0) / 1e6).toFixed(2)} s: wall ${ms(t.dur)} ms, CPU ${ms(t.tdur)} ms${where}; inside (wall/CPU ms): ${top.join(', ')}`);
}
