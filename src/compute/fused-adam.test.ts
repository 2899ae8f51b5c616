import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, expect, it } from 'vitest';
import { FusedAdam } from './fused-adam';
import { heapKernels } from './wasm/wasm-heap';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

it('does what tf.train.adam does with an L2 term added to the gradient, to 1e-6 relative (a few f32 ulps)', async () => {
  const heap = heapKernels();
  expect(heap, 'the in-place kernels load on the wasm backend').toBeDefined();
  if (!heap) return;
  const shape = [37, 5]; // not a multiple of 4: the scalar tail runs too
  const start = tf.randomNormal(shape, 0, 1, 'float32', 1);
  const [a, b] = [tf.variable(start.clone(), true, 'a'), tf.variable(start.clone(), true, 'b')];
  const fused = new FusedAdam(0.01, heap, new Map([['b', 0.1]]));
  const plain = tf.train.adam(0.01);
  for (let step = 0; step < 5; step++) {
    const g = tf.randomNormal(shape, 0, 1, 'float32', 10 + step);
    plain.applyGradients({ a: tf.add(g, tf.mul(a, 0.1)) });
    fused.applyGradients({ b: g });
  }
  const [x, y] = [await a.data(), await b.data()];
  const s = await start.data();
  let moved = 0;
  x.forEach((v, k) => {
    expect(Math.abs(y[k] - v)).toBeLessThan(1e-6 * Math.max(1, Math.abs(v)));
    moved = Math.max(moved, Math.abs(v - s[k]));
  });
  expect(moved, 'the weights moved').toBeGreaterThan(0.01);
  fused.dispose();
  plain.dispose();
});

it('keeps the tensor count flat from step to step', () => {
  const heap = heapKernels();
  if (!heap) throw new Error('no heap kernels');
  tf.variable(tf.ones([10]), true, 'w');
  const fused = new FusedAdam(0.1, heap, new Map());
  const g = tf.ones([10]);
  fused.applyGradients({ w: g });
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) fused.applyGradients({ w: g });
  expect(tf.memory().numTensors).toBe(before);
  fused.dispose();
});

it('gives matMul the new weights after a step (tfjs-wasm caches packed matMul weights by buffer)', async () => {
  const heap = heapKernels();
  if (!heap) throw new Error('no heap kernels');
  const w = tf.variable(tf.randomNormal([8, 3], 0, 1, 'float32', 3), true, 'mm');
  const x = tf.randomNormal([4, 8], 0, 1, 'float32', 4);
  const fused = new FusedAdam(0.5, heap, new Map());
  const before = await tf.matMul(x, w).data();
  fused.applyGradients({ mm: tf.onesLike(w) });
  const after = await tf.matMul(x, w).data();
  const expected = await tf.matMul(x, tf.tensor2d(await w.data(), [8, 3])).data();
  expect([...after]).toEqual([...expected]);
  expect([...after]).not.toEqual([...before]);
  fused.dispose();
});

it('lazy Adam leaves every weight whose gradient is zero (value and moments) and steps the others as Adam: wasm kernel and tfjs ops alike', async () => {
  const shape = [37, 5]; // 185 floats: the 4-lane body and a 1-lane tail
  const start = Array.from(tf.randomNormal(shape, 0, 1, 'float32', 2).dataSync());
  const grads = [0, 1, 2, 3, 4].map((step) => {
    const g = Array.from(tf.randomNormal(shape, 0, 1, 'float32', 20 + step).dataSync());
    // rows 0-9 never have a gradient; row 10 none at step 2; one single element none at step 3
    return g.map((x, i) => (i < 50 || (step === 2 && i >= 50 && i < 55) || (step === 3 && i === 181) ? 0 : x));
  });
  const out: Record<string, Float32Array> = {};
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    const heap = backend === 'wasm' ? heapKernels() : undefined;
    const [w, p] = [tf.variable(tf.tensor(start, shape), true, `lazy-${backend}`), tf.variable(tf.tensor(start, shape), true, `plain-${backend}`)];
    const lazy = new FusedAdam(0.01, heap, new Map([[w.name, 0.1]]), true);
    const plain = new FusedAdam(0.01, heap, new Map([[p.name, 0.1]]));
    for (const g of grads) {
      const t = tf.tensor(g, shape);
      lazy.applyGradients({ [w.name]: t });
      plain.applyGradients({ [p.name]: t });
      t.dispose();
    }
    const [x, y] = [await w.data(), await p.data()];
    expect(Array.from(x.slice(0, 50)), `${backend}: rows without a gradient keep their values`).toEqual(start.slice(0, 50).map(Math.fround));
    expect(Array.from(lazy.slots(w).m.dataSync().slice(0, 50)), `${backend}: and their moments`).toEqual(new Array(50).fill(0));
    expect(Array.from(y.slice(0, 50)).some((v, i) => v !== Math.fround(start[i])), `${backend}: Adam decays them (λ)`).toBe(true);
    expect(Array.from(x.slice(55, 181)), `${backend}: rows with a gradient every step take Adam's steps`).toEqual(Array.from(y.slice(55, 181)));
    expect(x[50] === y[50] || x[181] === y[181], `${backend}: a step skipped leaves those weights elsewhere`).toBe(false);
    out[backend] = x as Float32Array;
    tf.dispose([w, p]);
    lazy.dispose();
    plain.dispose();
  }
  out.wasm.forEach((v, k) => expect(Math.abs(v - out.cpu[k])).toBeLessThan(1e-6 * Math.max(1, Math.abs(v))));
  await tf.setBackend('wasm');
});
