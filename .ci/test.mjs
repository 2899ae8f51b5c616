// @ts-check
// npm test: the checks and both test suites, side by side where they can share the machine, then the browser
// tests that measure time, alone. The checks (types, layers, dead code), the unit tests and the browser tests of
// project 'browser' start together: much of each waits (on a child process, on Chromium's worker, on a page), so
// together they keep 2 cores busy where one after another they would leave them idle. Project 'timed' (tests
// that measure the UI thread's tasks or the chart's redraws) runs last with nothing else of npm test beside it,
// on the app the first browser run built. Output: the browser tests as they go, the others in one block each as
// they end. Every part runs to its end whatever another does; npm test fails if any part failed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `command` in a shell; its output live, or kept and printed in one block at its end. True when it passed. */
function run(name, command, { live = false, env = {} } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const out = [];
    if (!live) for (const s of [child.stdout, child.stderr]) s.on('data', (d) => out.push(d));
    child.on('close', (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      const verdict = code === 0 ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`;
      process.stdout.write(`${live ? '' : `\n== ${name}\n${Buffer.concat(out).toString()}`}\n== ${name}: ${verdict} in ${seconds} s\n\n`);
      resolve(code === 0);
    });
  });
}

// The browser tests that failed, in both projects, listed again at the very end (e2e/failures-reporter.ts).
const failures = join(tmpdir(), `autorec-e2e-failures-${process.pid}.txt`);
rmSync(failures, { force: true });
process.env.E2E_FAILURES = failures;

const [checks, unit, browser] = await Promise.all([
  run('test:checks (typecheck, check:layers, check:dead)', 'npm run -s test:checks'),
  run('test:unit', 'npm run -s test:unit'),
  run('test:e2e, project browser', 'npm run -s test:e2e -- --project=browser', { live: true }),
]);
// The app the browser project built and served is this tree's unless that run failed (perhaps in its build).
const timed = await run('test:e2e, project timed', 'npm run -s test:e2e -- --project=timed --no-deps', {
  live: true,
  env: browser ? { E2E_BUILT: '1' } : {},
});
const failed = Object.entries({ checks, unit, browser, timed }).filter(([, ok]) => !ok).map(([k]) => k);
if (existsSync(failures)) console.log(`browser tests that failed:\n${readFileSync(failures, 'utf8')}`);
rmSync(failures, { force: true });
console.log(failed.length ? `npm test: FAILED: ${failed.join(', ')}` : 'npm test: all passed');
process.exit(failed.length ? 1 : 0);
