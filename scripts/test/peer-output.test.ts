import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePeerOutput, PeerOutputError, peerSummary, spread } from '../lib/peer-output';

// Samples of the peer's stdout, written with the print statements of ../shared/reference/ref_autorec.py and
// ref_autorec_sparse.py (their f-strings, json.dumps of RESULT with its keys in their order); the numbers are
// in the range measured on ML-100K (PyTorch is not installed here).
const dense = readFileSync(new URL('./fixtures/peer-ref_autorec.txt', import.meta.url), 'utf8');
const sparseStopped = readFileSync(new URL('./fixtures/peer-ref_autorec_sparse-stopped.txt', import.meta.url), 'utf8');

describe('the peer output parser', () => {
  it('reads every epoch line and the RESULT line of ref_autorec.py', () => {
    const p = parsePeerOutput(dense);
    expect(p.header).toMatchObject({ data: 'files', seed: '0', users: '943', items: '1682', train: '90034', test: '9966', torch: '1.13.1', threads: '2' });
    expect(p.epochs).toHaveLength(25);
    expect(p.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 25 }, (_, k) => k + 1));
    expect(p.epochs[0]).toEqual({ epoch: 1, trainLoss: 457.6344, testRmse: 2.2634, testRmseClipped: 1.6316, trainSeconds: 0.215, epochSeconds: 0.295 });
    expect(p.epochs[24]).toEqual({ epoch: 25, trainLoss: 37.7553, testRmse: 0.9134, testRmseClipped: 0.9112, trainSeconds: 0.205, epochSeconds: 0.275 });
    expect(p.stoppedEarly).toBe(false);
    expect(p.result).toMatchObject({ epochs_run: 25, n_train: 90034, n_test: 9966, best_epoch: 19, threads: 2, torch: '1.13.1' });
    expect(p.result.decoder).toBeUndefined();
    expect(p.result.median_epoch_s).toBeCloseTo(0.3091214069560732, 15);
    expect(p.result.baselines).toEqual({
      global_mean: 1.1238817251304045,
      item_mean: 1.0282631473727355,
      user_mean: 1.0405962133571125,
      user_item_bias: 0.9441208744212167,
      user_item_bias_unclipped: 0.9459372101836587,
    });
    expect(peerSummary(p)).toEqual({ msPerEpochMedian: 309, finalTestRmse: 0.9112071417442108, lowestTestRmse: 0.9086, epochs: 25, threads: 2, userItemBiasRmse: 0.9441208744212167 });
  });

  it('reads ref_autorec_sparse.py, which says its decoder, and a run stopped by --max-seconds', () => {
    const p = parsePeerOutput(sparseStopped);
    expect(p.header.decoder).toBe('sparse');
    expect(p.result.decoder).toBe('sparse');
    expect(p.stoppedEarly).toBe(true);
    expect(p.epochs).toHaveLength(7);
    expect(p.result.epochs_run).toBe(7);
    expect(peerSummary(p)).toMatchObject({ msPerEpochMedian: 307, finalTestRmse: 0.9589288645559686, lowestTestRmse: 0.9589, epochs: 7 });
  });

  it('ignores what else the peer prints before its header (warnings)', () => {
    expect(parsePeerOutput(`/usr/lib/python3/dist-packages/torch/__init__.py: UserWarning: something\n${dense}`).epochs).toHaveLength(25);
  });

  const broken: [string, (s: string) => string, RegExp][] = [
    ['empty', () => '', /has no header line/],
    ['no RESULT line (cut short)', (s) => s.slice(0, s.indexOf('RESULT ')), /ends after 25 epoch lines without a RESULT line/],
    ['a RESULT line that is not JSON', (s) => s.replace(/RESULT \{.*\}/, 'RESULT {"data": "files", '), /line 27: .*RESULT line that is not JSON/],
    ['an epoch line in another format', (s) => s.replace('epoch  3  train_loss', 'epoch  3  loss'), /line 4: .*is not an epoch line/],
    ['an epoch missing', (s) => s.replace(/^epoch  7 .*\n/m, ''), /numbers epoch 8 where epoch 7 was due/],
    ['NaN in an epoch line', (s) => s.replace('test_rmse 0.9446', 'test_rmse nan'), /line 11: .*testRmse NaN, not a finite number/],
    ['epochs_run that disagrees with the lines', (s) => s.replace('"epochs_run": 25', '"epochs_run": 24'), /epochs_run 24 but printed 25 epoch lines/],
    ['a final RMSE that is not the last epoch line', (s) => s.replace('"final_rmse_clipped": 0.9112071417442108', '"final_rmse_clipped": 0.95'), /final_rmse_clipped 0.95 but its last epoch line says 0.9112/],
    ['a missing baseline', (s) => s.replace('"user_item_bias": 0.9441208744212167, ', ''), /RESULT.baselines.user_item_bias = undefined/],
    ['no epoch lines', (s) => s.replace(/^epoch.*\n/gm, ''), /has no epoch lines/],
  ];
  it.each(broken)('refuses output with %s, saying why', (_, breakIt, message) => {
    expect(() => parsePeerOutput(breakIt(dense))).toThrow(PeerOutputError);
    expect(() => parsePeerOutput(breakIt(dense))).toThrow(message);
  });
});

describe('spread over repeats', () => {
  it('gives the median, least and greatest, whatever the order', () => {
    expect(spread([310, 290, 300])).toEqual({ median: 300, min: 290, max: 310 });
    expect(spread([120, 100])).toEqual({ median: 110, min: 100, max: 120 });
    expect(spread([7])).toEqual({ median: 7, min: 7, max: 7 });
  });
  it('refuses no values', () => {
    expect(() => spread([])).toThrow(RangeError);
  });
});
