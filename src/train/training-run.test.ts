import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, expect, it } from 'vitest';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import { tinyTrainData } from '../testing/trainers';
import type { EpochStats, LiveFigures } from './metrics';
import { Trainer } from './trainer';
import { TrainingRun, yieldEvery, yieldToEventLoop, type PausedAt, type RunEnd, type RunState } from './training-run';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config: TrainConfig = { ...D2L_DEFAULTS, hidden: 16, batchSize: 8, epochs: 6, learningRate: 0.01 };

/** A run on cpu (synchronous: the case where a missing yield starves the message handler), recording its events. */
function record(c: TrainConfig, onYield?: (k: number, run: TrainingRun) => void, data = tinyTrainData('I')) {
  const epochs: EpochStats[] = [];
  const states: { state: RunState; end?: RunEnd; pausedAt?: PausedAt }[] = [];
  let yields = 0;
  const trainer = new Trainer(data, c);
  const run: TrainingRun = new TrainingRun(
    trainer,
    c,
    { epoch: (s) => epochs.push(s), state: (state, d) => states.push({ state, ...d }), error: (e) => { throw e; } },
    async () => {
      await yieldToEventLoop();
      onYield?.(++yields, run);
    },
  );
  return { run, trainer, epochs, states, batches: trainer.batchesPerEpoch };
}

/** Waits until `cond` holds (the run goes on in the background), at most 5 s. */
async function until(cond: () => boolean): Promise<void> {
  for (const t0 = Date.now(); !cond(); ) {
    if (Date.now() - t0 > 5000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('Pause takes effect within one batch, even mid-epoch; Step finishes that epoch; Resume trains to the end', async () => {
  const r = record(config, (k, run) => k === 3 && run.pause()); // a Pause message that arrives before the 3rd batch
  r.run.play();
  await until(() => r.states.length > 1);
  await settle(50);
  expect(r.epochs).toHaveLength(0);
  expect(r.states).toEqual([{ state: 'running' }, { state: 'paused', pausedAt: { epoch: 1, batch: 2, batches: r.batches } }]);
  // Paused inside epoch 1 for a second, not part of its time: an epoch of this data trains in tens of ms, so the
  // bound keeps a wide margin on a loaded machine and still fails when the pause is counted (then ms >= 1000).
  await settle(1000);
  r.run.step();
  await until(() => r.epochs.length === 1 && r.states.length > 2);
  await settle(50);
  expect(r.epochs.map((e) => e.epoch)).toEqual([1]);
  expect(r.epochs[0].ms, 'the time paused inside the epoch does not count').toBeLessThan(1000);
  expect(r.states.at(-1)).toEqual({ state: 'paused', pausedAt: { epoch: 1, batch: 0, batches: r.batches } });
  r.run.step();
  await until(() => r.epochs.length === 2);
  await settle(50);
  expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2]);
  r.run.play();
  const end = await r.run.done;
  expect(end?.kind).toBe('completed');
  expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(r.states.at(-1)?.state).toBe('finished');
  r.trainer.dispose();
});

it('Stop ends the run within one batch; the epoch in progress does not count', async () => {
  const stopAt = 2 * r0().batches + 3; // inside epoch 3
  const r = record(config, (k, run) => k === stopAt && run.stop());
  r.run.play();
  const end = await r.run.done;
  expect(end?.kind).toBe('stopped');
  expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2]);
  expect(r.trainer.epoch).toBe(2);
  expect(r.states.at(-1)?.state).toBe('stopped');
  r.trainer.dispose();
});

function r0() {
  const t = new Trainer(tinyTrainData('I'), config);
  const batches = t.batchesPerEpoch;
  t.dispose();
  return { batches };
}

/** The figures a setting changes: the loss, every RMSE. */
const figures = (e: EpochStats) => [e.trainLoss, e.trainRmse, e.validRmse, e.testRmse];

const LIVE: [keyof LiveFigures, number][] = [
  ['learningRate', 0.05],
  ['l2', 0.5],
  ['dropout', 0.5],
];

it.each(LIVE)('a live %s applies from the next batch, as if the run had started with it, and is recorded with the epochs', async (key, value) => {
  const plain = record(config);
  plain.run.play();
  await plain.run.done;
  const started = record({ ...config, [key]: value });
  started.run.play();
  await started.run.done;
  // before the very first batch: the run is the one started with the value, bit for bit
  const first = record(config, (k, run) => k === 1 && run.setLive({ [key]: value }));
  first.run.play();
  await first.run.done;
  expect(first.epochs.map(figures)).toEqual(started.epochs.map(figures));
  // before epoch 2's first batch: epoch 1 is the plain run's, epoch 2 on differ, and the epochs say so
  const changed = record(config, (k, run) => k === r0().batches + 1 && run.setLive({ [key]: value }));
  changed.run.play();
  await changed.run.done;
  expect(changed.epochs.map((e) => e[key])).toEqual([config[key], value, value, value, value, value]);
  expect(figures(changed.epochs[0])).toEqual(figures(plain.epochs[0]));
  expect(changed.epochs[1].testRmse).not.toBe(plain.epochs[1].testRmse);
  for (const r of [plain, started, first, changed]) r.trainer.dispose();
});

it('with no epoch cap (epochs 0) a run trains until stopped; a live cap or patience ends it', async () => {
  const open = record({ ...config, epochs: 0 });
  open.run.play();
  await until(() => open.epochs.length >= 12); // twice the capped runs' 6 epochs, and on
  expect(open.run.live).toBe(true);
  open.run.setLive({ epochs: 14 }); // a cap set live: the run completes there
  const end = await open.run.done;
  expect(end?.kind).toBe('completed');
  expect(open.epochs.at(-1)?.epoch).toBe(14);
  open.trainer.dispose();

  const stops = record({ ...config, epochs: 0 });
  stops.run.play();
  await until(() => stops.epochs.length >= 3);
  stops.run.setLive({ patience: 1 }); // a patience set live: the first epoch without a better validation RMSE ends it
  const stopped = await stops.run.done;
  expect(stopped?.kind).toBe('early-stopped');
  stops.trainer.dispose();
});

it('early stopping ends the run once validation RMSE has not improved for `patience` epochs', async () => {
  const c = { ...config, epochs: 300, patience: 2, learningRate: 0.05 };
  const r = record(c);
  r.run.play();
  const end = await r.run.done;
  const last = r.epochs.at(-1)!;
  expect(end?.kind).toBe('early-stopped');
  expect(last.epoch).toBeLessThan(300);
  expect(last.epoch - last.selectedEpoch).toBe(2);
  expect(end?.message).toBe(`early stop: validation RMSE no better for 2 epochs; kept epoch ${last.selectedEpoch}: validation RMSE ${last.selectedValidRmse.toFixed(4)}, test RMSE ${last.selectedTestRmse.toFixed(4)}`);
  r.trainer.dispose();
});

it('a run whose loss turns NaN or Infinity stops as diverged, keeping the last good epoch', async () => {
  const r = record({ ...config, optimizer: 'momentum', learningRate: 10, epochs: 50 });
  r.run.play();
  const end = await r.run.done;
  expect(end?.kind).toBe('diverged');
  const last = r.epochs.at(-1)!;
  expect(Number.isFinite(last.trainLoss)).toBe(false);
  expect(last.selectedEpoch).toBeLessThan(last.epoch);
  expect(end?.message).toMatch(new RegExp(`^diverged at epoch ${last.epoch} \\(the loss is \\w+\\): lower the learning rate; `));
  expect(r.states.at(-1)?.state).toBe('stopped');
  const scores = await r.trainer.predictUser(0);
  if (last.selectedEpoch > 0) expect(scores.every(Number.isFinite), 'the kept model, not the diverged one, predicts').toBe(true);
  r.trainer.dispose();
});

// wasm too: there FusedAdam and the in-heap kernels work in tfjs-wasm's memory, and the kept weights share
// buffers with the epoch they were kept at (a write into a weight buffer in place would change them).
it.each(['cpu', 'wasm'])('the kept epoch, not the last, serves predictions (%s)', async (backend) => {
  await tf.setBackend(backend);
  const c = { ...config, epochs: 300, patience: 3, learningRate: 0.05 };
  const long = record(c);
  long.run.play();
  await long.run.done;
  const kept = long.epochs.at(-1)!.selectedEpoch;
  expect(kept).toBeLessThan(long.trainer.epoch);
  // the same run (same seeds, cpu: deterministic) stopped at the kept epoch
  const short = record({ ...c, epochs: kept, patience: 0 });
  short.run.play();
  await short.run.done;
  expect(short.epochs.at(-1)!.testRmse).toBe(long.epochs[kept - 1].testRmse);
  const [a, b] = [await long.trainer.predictUser(3), await short.trainer.predictUser(3)];
  expect(Array.from(a)).toEqual(Array.from(b));
  long.trainer.dispose();
  short.trainer.dispose();
  await tf.setBackend('cpu');
});

it('a Pause that arrives as a task (a worker message) is heard on a synchronous backend', async () => {
  const c = { ...config, epochs: 200 };
  const trainer = new Trainer(tinyTrainData('I'), c);
  const epochs: number[] = [];
  const states: RunState[] = [];
  const run = new TrainingRun(trainer, c, { epoch: (s) => epochs.push(s.epoch), state: (s) => states.push(s), error: (e) => { throw e; } });
  run.play();
  await new Promise((r) => setTimeout(r, 0)); // the next task after Start
  run.pause();
  await until(() => states.at(-1) === 'paused');
  const at = epochs.length;
  expect(at, 'paused within the first epoch, at a batch boundary').toBe(0);
  await settle(100);
  expect(epochs.length).toBe(at);
  run.stop();
  expect((await run.done)?.kind).toBe('stopped');
  trainer.dispose();
});

it('yieldEvery lets the event loop in at most once an interval: a macrotask queued before runs only at a yield', async () => {
  const y = yieldEvery(40);
  let ran = false;
  const queue = () => {
    ran = false;
    setImmediate(() => (ran = true));
  };
  queue();
  await y();
  expect(ran, 'the first call yields').toBe(true);
  queue();
  await y();
  expect(ran, 'a call within the interval goes on at once').toBe(false);
  await settle(60);
  queue();
  await y();
  expect(ran, 'a call after the interval yields again').toBe(true);
});
