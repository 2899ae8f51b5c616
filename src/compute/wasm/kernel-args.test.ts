import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ARGS, packCall, unpackSource, WORDS } from './control-block';
import { joinWat, WAT_FILES } from './wat-files';
import { KERNEL_ARGS, KERNEL_NAMES, partArgs, type KernelCall, type KernelName } from './kernel-args';

/** Each exported function of a .wat text and its parameters, [name, type], in order. */
function watParams(wat: string): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  for (const f of wat.matchAll(/\(func (?:\$\w+ )?\(export "(\w+)"\)/g)) {
    let rest = wat.slice(f.index + f[0].length);
    const params: [string, string][] = [];
    for (let p = /^\s*\(param \$(\w+) (\w+)\)/.exec(rest); p; p = /^\s*\(param \$(\w+) (\w+)\)/.exec(rest)) {
      params.push([p[1], p[2]]);
      rest = rest.slice(p[0].length);
    }
    out.set(f[1], params);
  }
  return out;
}

it('KERNEL_ARGS lists every kernel of kernels.wat with its parameters, names and types, in order', () => {
  const wat = watParams(joinWat(WAT_FILES.map((f) => readFileSync(new URL(f, import.meta.url), 'utf8'))));
  expect([...wat.keys()].sort()).toEqual([...KERNEL_NAMES].sort());
  for (const k of KERNEL_NAMES) {
    const want = KERNEL_ARGS[k].map(([name, kind]): [string, string] => [name, kind === 'f32' ? 'f32' : 'i32']);
    expect(wat.get(k), k).toEqual(want);
  }
});

it('a helper thread unpacks from the control block the arguments the caller passes for the same part', () => {
  const control = new ArrayBuffer(4 * WORDS);
  const [c, f] = [new Int32Array(control), new Float32Array(control)];
  for (const k of KERNEL_NAMES) {
    // every value the call supplies: a distinct number (a float with a fraction for 'f32', so that it is read as one)
    const call = Object.fromEntries(KERNEL_ARGS[k].map(([name, kind], j) => [name, kind === 'f32' ? Math.fround(j + 0.25) : 1000 * (j + 1)])) as KernelCall<KernelName>;
    packCall(c, f, k, call);
    let got: number[] = [];
    const e = { [k]: (...args: number[]) => (got = args) };
    const unpack = new Function('e', 'c', 'f', 'a', 's', 'n', 'i', `${unpackSource(k)};`) as (e: object, c: Int32Array, f: Float32Array, a: number, s: number, n: number, i: number) => void;
    unpack(e, c, f, ARGS, 12, 7, 3);
    expect(got, k).toEqual(partArgs(k, call, 12, 7, 3));
  }
});
