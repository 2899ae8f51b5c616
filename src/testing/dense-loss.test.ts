import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { densifyRows } from '../data/csr';
import { createParams, disposeParams, forward, paramList } from '../model/autorec';
import type { Variant } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { maskedSse } from './dense-loss';
import { tinyTrainData } from './trainers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shape = { ...D2L_DEFAULTS, hidden: 5, dropout: 0 };

describe.each<Variant>(['I', 'U'])('%s-AutoRec masked loss', (variant) => {
  const data = tinyTrainData(variant, 30, 20, 200);
  const { rows, cols } = data.train;
  const batchRows = [0, 1, 2, 3];
  const X = densifyRows(data.train, batchRows, new Float32Array(batchRows.length * cols));

  it(`has ${variant === 'I' ? 'one input per user' : 'one input per item'}`, () => {
    expect([rows, cols]).toEqual(variant === 'I' ? [20, 30] : [30, 20]);
    const params = createParams(cols, shape, 1);
    expect(params.encoder[0].w.shape).toEqual([cols, 5]);
    expect(params.decoder.w.shape).toEqual([cols, 5]); // stored transposed: a row per output
    disposeParams(params);
  });

  it('gives an exactly zero gradient at every unobserved output', async () => {
    const params = createParams(cols, shape, 1);
    const x = tf.tensor2d(X, [batchRows.length, cols]);
    const pred = forward(params, x, shape);
    const dPred = await tf.grad((p: tf.Tensor) => maskedSse(p, x))(pred).data();
    const p = await pred.data();
    let unobserved = 0;
    for (let k = 0; k < X.length; k++) {
      if (X[k] === 0) {
        unobserved++;
        expect(dPred[k] === 0).toBe(true);
      } else {
        expect(dPred[k]).toBeCloseTo(2 * (p[k] - X[k]), 4);
      }
    }
    expect(unobserved).toBeGreaterThan(X.length / 2);
    tf.dispose([x, pred]);
    disposeParams(params);
  });

  it('ignores any change to a prediction at an unobserved position', async () => {
    const x = tf.tensor2d(X, [batchRows.length, cols]);
    const base = Float32Array.from(X, (v, k) => (v === 0 ? 3 : v + ((k % 3) - 1) * 0.5));
    const wild = Float32Array.from(base, (v, k) => (X[k] === 0 ? (k % 2 ? 1e6 : -4e3) : v));
    const a = (await maskedSse(tf.tensor2d(base, x.shape), x).data())[0];
    const b = (await maskedSse(tf.tensor2d(wild, x.shape), x).data())[0];
    expect(b).toBe(a);
    expect(a).toBeGreaterThan(0);
  });

  it('gives no decoder gradient to outputs unobserved in the whole batch', async () => {
    const params = createParams(cols, shape, 2);
    const x = tf.tensor2d(X, [batchRows.length, cols]);
    const { grads } = tf.variableGrads(() => maskedSse(forward(params, x, shape), x), paramList(params));
    const dW = await grads[params.decoder.w.name].data();
    const db = await grads[params.decoder.b.name].data();
    const seen = new Set<number>();
    X.forEach((v, k) => v !== 0 && seen.add(k % cols));
    expect(seen.size).toBeGreaterThan(0);
    expect(seen.size).toBeLessThan(cols);
    for (let c = 0; c < cols; c++) {
      if (seen.has(c)) continue;
      expect(db[c]).toBe(0);
      for (let h = 0; h < 5; h++) expect(dW[c * 5 + h]).toBe(0);
    }
    tf.dispose([x, ...Object.values(grads)]);
    disposeParams(params);
  });
});
