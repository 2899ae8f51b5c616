// A stand-in for the parts of Vitest's API that the Dawn webgpu unit tests use (describe, it, it.each, skipIf,
// the four hooks, and Vitest's own `expect` from @vitest/expect), so that scripts/gpu-check.sh can bundle those
// tests with esbuild (`vitest` aliased to this file) and run them with plain Node on a machine without
// node_modules (the GPU machine). Tests run in order, one at a time; one JSON line per test.
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  ChaiStyleAssertions,
  chai,
  getState,
  GLOBAL_EXPECT,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from '@vitest/expect';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(ChaiStyleAssertions);
chai.use(JestAsymmetricMatchers);

type Expect = ((value: unknown, message?: string) => Chai.Assertion) & Record<string, unknown>;
export const expect = ((value: unknown, message?: string) => {
  const { assertionCalls } = getState(expect as never) as { assertionCalls: number };
  setState({ assertionCalls: assertionCalls + 1 }, expect as never);
  return chai.expect(value, message);
}) as Expect;
Object.assign(expect, chai.expect);
Object.assign(expect, (globalThis as Record<symbol, unknown>)[ASYMMETRIC_MATCHERS_OBJECT] as object);
setState({ assertionCalls: 0, isExpectingAssertions: false, isExpectingAssertionsError: null, expectedAssertionsNumber: null, expectedAssertionsNumberErrorGen: null }, expect as never);
(globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] = expect;

type Fn = () => unknown;
interface Test {
  kind: 'test';
  name: string;
  fn: Fn;
  skip: boolean;
}
interface Suite {
  kind: 'suite';
  name: string;
  skip: boolean;
  children: (Suite | Test)[];
  beforeAll: Fn[];
  afterAll: Fn[];
  beforeEach: Fn[];
  afterEach: Fn[];
}
const newSuite = (name: string, skip: boolean): Suite => ({ kind: 'suite', name, skip, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] });
let root = newSuite('', false);
let current = root;

function addSuite(name: string, fn: Fn, skip: boolean): void {
  const s = newSuite(name, skip || current.skip);
  current.children.push(s);
  const parent = current;
  current = s;
  try {
    fn();
  } finally {
    current = parent;
  }
}
function addTest(name: string, fn: Fn, skip: boolean): void {
  current.children.push({ kind: 'test', name, fn, skip: skip || current.skip });
}

/** Vitest's name formatting for .each: printf-style %s %d %i %f %j %o %%, and $key / $0 for objects and arrays. */
function eachName(name: string, row: unknown, index: number): string {
  const args = Array.isArray(row) ? row : [row];
  let k = 0;
  let out = name.replace(/%[sdifjo#%]/g, (m) => {
    if (m === '%%') return '%';
    if (m === '%#') return String(index);
    const v = args[k++];
    return m === '%j' || m === '%o' ? JSON.stringify(v) : m === '%d' || m === '%i' ? String(Math.trunc(Number(v))) : typeof v === 'string' ? v : String(v);
  });
  if (row !== null && typeof row === 'object') out = out.replace(/\$([\w.]+)/g, (m, key: string) => (key in (row as object) ? String((row as Record<string, unknown>)[key]) : m));
  return out;
}
function each(add: (name: string, fn: Fn) => void) {
  return (table: readonly unknown[]) => (name: string, fn: (...args: never[]) => unknown) => {
    table.forEach((row, i) => add(eachName(name, row, i), () => (Array.isArray(row) ? fn(...(row as never[])) : fn(row as never))));
  };
}

type Register = ((name: string, fn: Fn, timeout?: number) => void) & {
  skip: (name: string, fn: Fn) => void;
  skipIf: (cond: unknown) => (name: string, fn: Fn) => void;
  runIf: (cond: unknown) => (name: string, fn: Fn) => void;
  each: ReturnType<typeof each>;
};
function register(add: (name: string, fn: Fn, skip: boolean) => void): Register {
  const r = ((name: string, fn: Fn) => add(name, fn, false)) as Register;
  r.skip = (name, fn) => add(name, fn, true);
  r.skipIf = (cond) => (name, fn) => add(name, fn, Boolean(cond));
  r.runIf = (cond) => (name, fn) => add(name, fn, !cond);
  r.each = each((name, fn) => add(name, fn, false));
  return r;
}
export const describe = register(addSuite);
export const it = register(addTest);
/** @alias of it, as in Vitest */
export const test = it;
export const beforeAll = (fn: Fn) => void current.beforeAll.push(fn);
export const afterAll = (fn: Fn) => void current.afterAll.push(fn);
export const beforeEach = (fn: Fn) => void current.beforeEach.push(fn);
export const afterEach = (fn: Fn) => void current.afterEach.push(fn);

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const message = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 2000);
const hasTests = (s: Suite): boolean => s.children.some((c) => (c.kind === 'test' ? !c.skip : hasTests(c)));

async function runSuite(s: Suite, path: string[], each: { before: Fn[]; after: Fn[] }, tally: Tally, print: (o: object) => void): Promise<void> {
  const live = hasTests(s);
  let setupError: unknown;
  if (live) {
    for (const h of s.beforeAll) {
      try {
        await h();
      } catch (err) {
        setupError ??= err;
      }
    }
  }
  const hooks = { before: [...each.before, ...s.beforeEach], after: [...s.afterEach, ...each.after] };
  for (const c of s.children) {
    const names = [...path, c.name];
    if (c.kind === 'suite') {
      await runSuite(c, names, hooks, tally, print);
      continue;
    }
    const name = names.filter(Boolean).join(' > ');
    if (c.skip) {
      tally.skipped++;
      print({ test: name, result: 'skipped' });
      continue;
    }
    const t0 = performance.now();
    let error = setupError;
    if (error === undefined) {
      try {
        for (const h of hooks.before) await h();
        await c.fn();
      } catch (err) {
        error = err;
      }
      for (const h of hooks.after) {
        try {
          await h();
        } catch (err) {
          error ??= err;
        }
      }
    }
    const ms = Math.round(performance.now() - t0);
    if (error === undefined) tally.passed++;
    else tally.failed++;
    print({ test: name, result: error === undefined ? 'passed' : 'failed', ms, ...(error === undefined ? {} : { error: message(error) }) });
  }
  if (live) {
    for (const h of s.afterAll) {
      try {
        await h();
      } catch (err) {
        tally.failed++;
        print({ test: [...path, 'afterAll'].filter(Boolean).join(' > '), result: 'failed', error: message(err) });
      }
    }
  }
}

/** Imports one test file (its describe/it calls register tests), runs what it registered, and forgets it. */
export async function runTestFile(file: string, load: () => Promise<unknown>, print: (o: object) => void = (o) => process.stdout.write(`${JSON.stringify(o)}\n`)): Promise<Tally> {
  root = newSuite('', false);
  current = root;
  const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  try {
    await load();
  } catch (err) {
    tally.failed++;
    print({ test: file, result: 'failed', error: `the file did not load: ${message(err)}` });
    return tally;
  }
  await runSuite(root, [file], { before: [], after: [] }, tally, print);
  return tally;
}
