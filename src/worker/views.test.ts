import { afterEach, expect, it, vi } from 'vitest';
import type { TrainConfig } from '../config/config';
import { D2L_DEFAULTS } from '../config/settings';
import type { ModelView } from '../serve/model-view';
import type { EpochStats } from '../train/metrics';
import type { Trainer } from '../train/trainer';
import { ModelViews } from './views';

afterEach(() => {
  vi.restoreAllMocks();
});

// A run's views (item map, network) come at most once a second and take at most a fifth of its time: a view that
// takes 2 s (tfjs's JavaScript ops on cpu) is followed by the next no sooner than 10 s after it started.
it('views during a run come at most once a second, and at most a fifth of the time where a view is slow', async () => {
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  const made: number[] = [];
  const viewer = {
    view: async () => {
      made.push(now);
      now += cost;
      return { epoch: 1 } as ModelView;
    },
    neighbours: async () => undefined,
  };
  let cost = 100;
  const views = new ModelViews(() => undefined, () => undefined, viewer);
  const trainer = { trainData: { train: { rows: 40, cols: 30 } } } as unknown as Trainer;
  const config: TrainConfig = { ...D2L_DEFAULTS, hidden: 8 };
  const epoch = async (e: number, at: number) => {
    now = at;
    await views.afterEpoch({ epoch: e } as EpochStats, trainer, config, {} as never);
  };
  // fast views: one a second (epochs every 300 ms)
  for (let e = 1; e <= 10; e++) await epoch(e, (e - 1) * 300);
  expect(made).toEqual([0, 1200, 2400]);
  // a slow view (2 s) at 3.6 s: the next waits until 13.6 s
  views.restart();
  made.length = 0;
  cost = 2000;
  for (let e = 1; e <= 40; e++) await epoch(e, 3600 + (e - 1) * 300);
  expect(made).toEqual([3600, 3600 + 34 * 300]);
  expect(made[1] - made[0]).toBeGreaterThanOrEqual(cost / 0.2);
});
