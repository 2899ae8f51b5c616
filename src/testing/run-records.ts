import { D2L_DEFAULTS } from '../config/settings';
import type { RunRecord } from '../ui/state/runs';

/** A run of the history as the page keeps it: default settings, no epochs, shown, not pinned; `extra` overrides. */
export const runRecord = (id: string, dataset: string, createdAt: number, extra: Partial<RunRecord> = {}): RunRecord => ({
  id,
  createdAt,
  dataset,
  backend: 'wasm',
  config: D2L_DEFAULTS,
  epochs: [],
  visible: true,
  pinned: false,
  ...extra,
});
