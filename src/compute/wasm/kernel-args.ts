/** What a parameter gets when a call is cut into parts (see KERNEL_ARGS). */
type ArgKind = 'i32' | 'f32' | 'at' | 'start' | 'end' | 'length' | 'part';

/** decode's and evaluate's first parameters: a block (ptr, row, col, val), the codes hd, the decoder (w, b), h. */
const RATING_ARGS = [
  ['ptr', 'i32'],
  ['row', 'i32'],
  ['col', 'i32'],
  ['val', 'i32'],
  ['hd', 'i32'],
  ['w', 'i32'],
  ['b', 'i32'],
  ['h', 'i32'],
] as const;

/** The last of Adam's scalars, the same in adam and in the fused step's calls: bias corrections, epsilon, -lr, lazy. */
const ADAM_TAIL = [
  ['oma1', 'f32'],
  ['oma2', 'f32'],
  ['eps', 'f32'],
  ['nlr', 'f32'],
  ['lazy', 'i32'],
] as const;

/** The fused step's Adam scalars (update, biasupdate): adam's b1, omb1, … as the step passes them (b2 is a bias there). */
const ADAM_ARGS = [['beta1', 'f32'], ['omb1', 'f32'], ['beta2', 'f32'], ['omb2', 'f32'], ...ADAM_TAIL] as const;

/**
 * Each kernel's parameters (kernels.wat), in order, with what a thread passes for each when a call is cut into
 * parts [start, start + length) of its range (output rows, elements or columns, as the kernel says):
 * - 'i32', 'f32': a value of the call, the same for every part (a pointer, a size, a flag, a scalar);
 * - 'at': a pointer to an array of 4-byte elements that the part enters at its start (pointer + 4 start);
 * - 'start', 'end', 'length': the part's own bounds; 'part': its index (0 .. parts - 1: what its own scratch is found by).
 * A call on one thread is the one part [0, its whole range). This table drives the caller's packing of a call
 * into the threads' control block, the helper threads' unpacking of it (helper-source.ts) and the exports'
 * type (KernelExports, threads.ts); kernel-args.test.ts checks it against kernels.wat's parameter lists.
 */
export const KERNEL_ARGS = {
  rowsum: [
    ['ptr', 'i32'],
    ['order', 'i32'],
    ['ordered', 'i32'],
    ['a', 'i32'],
    ['xi', 'i32'],
    ['x', 'i32'],
    ['h', 'i32'],
    ['y', 'i32'],
    ['b', 'i32'],
    ['mode', 'i32'],
    ['r0', 'start'],
    ['r1', 'end'],
  ],
  dots: [
    ['n', 'length'],
    ['out', 'at'],
    ['pi', 'at'],
    ['p', 'i32'],
    ['qi', 'at'],
    ['q', 'i32'],
    ['h', 'i32'],
    ['b', 'i32'],
    ['hasb', 'i32'],
  ],
  actgrad: [
    ['n', 'length'],
    ['dy', 'at'],
    ['h', 'at'],
    ['out', 'at'],
    ['act', 'i32'],
    ['first', 'start'],
    ['seed', 'i32'],
    ['threshold', 'i32'],
    ['scale', 'f32'],
    ['hasmask', 'i32'],
  ],
  colsum: [
    ['x', 'i32'],
    ['rows', 'i32'],
    ['h', 'i32'],
    ['out', 'i32'],
    ['c0', 'start'],
    ['c1', 'end'],
  ],
  dropout: [
    ['out', 'at'],
    ['n', 'length'],
    ['first', 'start'],
    ['seed', 'i32'],
    ['threshold', 'i32'],
    ['scale', 'f32'],
    ['x', 'at'],
    ['hasx', 'i32'],
  ],
  adam: [
    ['n', 'length'],
    ['w', 'at'],
    ['wo', 'at'],
    ['g', 'at'],
    ['m', 'at'],
    ['v', 'at'],
    ['l2', 'f32'],
    ['b1', 'f32'],
    ['omb1', 'f32'],
    ['b2', 'f32'],
    ['omb2', 'f32'],
    ...ADAM_TAIL,
  ],
  encode: [
    ['ptr', 'i32'],
    ['a', 'i32'],
    ['xi', 'i32'],
    ['x', 'i32'],
    ['h', 'i32'],
    ['y', 'i32'],
    ['b', 'i32'],
    ['mode', 'i32'],
    ['hd', 'i32'],
    ['seed', 'i32'],
    ['threshold', 'i32'],
    ['scale', 'f32'],
    ['hasmask', 'i32'],
    ['tile', 'i32'],
    ['r0', 'start'],
    ['r1', 'end'],
  ],
  decode: [
    ...RATING_ARGS,
    ['g', 'i32'],
    ['sse', 'i32'],
    ['y', 'i32'],
    ['dz', 'i32'],
    ['act', 'i32'],
    ['dact', 'i32'],
    ['seed', 'i32'],
    ['threshold', 'i32'],
    ['scale', 'f32'],
    ['hasmask', 'i32'],
    ['r0', 'start'],
    ['r1', 'end'],
  ],
  update: [
    ['tptr', 'i32'],
    ['order', 'i32'],
    ['row', 'i32'],
    ['val', 'i32'],
    ['g', 'i32'],
    ['dz', 'i32'],
    ['hd', 'i32'],
    ['h', 'i32'],
    ['w1', 'i32'],
    ['m1', 'i32'],
    ['v1', 'i32'],
    ['w2', 'i32'],
    ['m2', 'i32'],
    ['v2', 'i32'],
    ['b2', 'i32'],
    ['mb', 'i32'],
    ['vb', 'i32'],
    ['scratch', 'i32'],
    ['chunk', 'i32'],
    ['l2', 'f32'],
    ...ADAM_ARGS,
    ['part', 'part'],
    ['c0', 'start'],
    ['c1', 'end'],
  ],
  biasupdate: [
    ['dz', 'i32'],
    ['rows', 'i32'],
    ['h', 'i32'],
    ['gb', 'i32'],
    ['b', 'i32'],
    ['m', 'i32'],
    ['v', 'i32'],
    ...ADAM_ARGS,
    ['c0', 'start'],
    ['c1', 'end'],
  ],
  evaluate: [
    ...RATING_ARGS,
    ['p', 'i32'],
    ['sse', 'i32'],
    ['sae', 'i32'],
    ['dact', 'i32'],
    ['lo', 'f32'],
    ['hi', 'f32'],
    ['r0', 'start'],
    ['r1', 'end'],
  ],
} as const satisfies Record<string, readonly (readonly [string, ArgKind])[]>;

export type KernelName = keyof typeof KERNEL_ARGS;
type Param<K extends KernelName> = (typeof KERNEL_ARGS)[K][number];
/** The kinds a call supplies (the rest come from its parts). */
type CallKind = 'i32' | 'f32' | 'at';

/** What a call of kernel K supplies, by parameter name: every 'i32', 'f32' and 'at' parameter. */
export type KernelCall<K extends KernelName> = { [P in Param<K> as P[1] extends CallKind ? P[0] : never]: number };

/** A number for each entry of a tuple. */
type Numbers<T extends readonly unknown[]> = { -readonly [I in keyof T]: number };
/** One number per parameter of kernel K, in order: what its export takes. */
export type KernelParams<K extends KernelName> = Numbers<(typeof KERNEL_ARGS)[K]>;

export const KERNEL_NAMES = Object.keys(KERNEL_ARGS) as KernelName[];

/** Whether the call supplies a parameter of this kind (else the part does). */
const suppliedByCall = (kind: ArgKind): boolean => kind === 'i32' || kind === 'f32' || kind === 'at';

/** The parameters a call of `kernel` supplies, in table order: the order they are packed in. */
export function callParams(kernel: KernelName): readonly (readonly [string, ArgKind])[] {
  return KERNEL_ARGS[kernel].filter(([, kind]) => suppliedByCall(kind));
}

/** The export's arguments for the part [start, start + length) of a call, the part numbered `index`. */
export function partArgs<K extends KernelName>(kernel: K, call: KernelCall<K>, start: number, length: number, index = 0): number[] {
  const values = call as Record<string, number>;
  return KERNEL_ARGS[kernel].map(([name, kind]: readonly [string, ArgKind]) => {
    switch (kind) {
      case 'start':
        return start;
      case 'end':
        return start + length;
      case 'length':
        return length;
      case 'part':
        return index;
      case 'at':
        return values[name] + 4 * start;
      default:
        return values[name];
    }
  });
}
