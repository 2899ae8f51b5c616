import { D2L_DEFAULTS } from '../../config/config';
import type { BackendChoice, EpochStats, SpaceJson, TrainConfig, TrialResult, Tunable } from '../../worker/messages';

/** A finished or stopped run, kept on the chart (faded) and in IndexedDB. */
export interface RunRecord {
  id: string;
  createdAt: number;
  dataset: string;
  /** The backend that trained (or the choice, if it never started). */
  backend: BackendChoice;
  /** As the run started: a live learning-rate change shows in the epochs (see learningRateChanges). */
  config: TrainConfig;
  epochs: EpochStats[];
  visible: boolean;
  pinned: boolean;
  /** The run's colour in the history list and on the chart, chosen once as it is saved (see pickColor). */
  color?: string;
  /** A Tune search (its config and epochs are those of its best trial; their test figures are NaN: trials never see the test set). */
  tune?: TuneRecord;
}

export interface TuneRecord {
  space: SpaceJson;
  searched: Tunable[];
  trials: TrialResult[];
  bestTrial: number;
  /** The trials blended for the reported model, and whether their weights were fitted on validation (else an average). */
  members: number[];
  fitted?: boolean;
  /** Each member's weight in the reported model (same order as members; absent in runs saved before it was kept). */
  weights?: number[];
  validRmse: number;
  /** The reported model's test RMSE, measured once after the search. */
  testRmse: number;
  minutes: number;
  /** The recipe's name when the search trained one (e.g. "AutoRec+ blend"), and whether the tested models were refit. */
  recipe?: string;
  refit?: boolean;
}

/** The kept model of a run so far: what a run reports and what recommendations use. */
export interface Kept {
  epoch: number;
  /** NaN when the run had no validation share (the last epoch is kept). */
  validRmse: number;
  testRmse: number;
  /** False when there is no validation share: the kept epoch is simply the last one. */
  byValidation: boolean;
}

/** The kept epoch as of the latest epoch (undefined before the first). */
export function keptOf(epochs: readonly EpochStats[]): Kept | undefined {
  const last = epochs.at(-1);
  if (!last) return undefined;
  return { epoch: last.selectedEpoch, validRmse: last.selectedValidRmse, testRmse: last.selectedTestRmse, byValidation: Number.isFinite(last.selectedValidRmse) };
}

export interface LearningRateChange {
  epoch: number;
  learningRate: number;
}

const sameRate = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));

/**
 * The live learning-rate changes of a run: each epoch whose learning rate differs from the one before
 * it (the first epoch compares with the rate the run started with).
 */
export function learningRateChanges(startRate: number, epochs: readonly EpochStats[]): LearningRateChange[] {
  const changes: LearningRateChange[] = [];
  let rate = startRate;
  for (const e of epochs) {
    if (!Number.isFinite(e.learningRate) || sameRate(e.learningRate, rate)) continue;
    changes.push({ epoch: e.epoch, learningRate: e.learningRate });
    rate = e.learningRate;
  }
  return changes;
}

const sci = (v: number) => v.toExponential(0).replace('e-', 'e−');
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The settings that tell runs apart, short enough for a legend; with `epochs`, the live learning-rate changes too. */
export function runLabel(c: TrainConfig, backend?: string, epochs: readonly EpochStats[] = []): string {
  // old runs in the history have no model: AutoRec
  const plus = c.model === 'plus';
  const parts = [
    `${c.variant}-AutoRec${plus ? '+' : ''}`,
    ...(plus ? [[c.kernelDim > 0 ? `kernel ${c.kernelDim}d λs ${sci(c.kernelL2)}` : 'no kernel', ...(c.globalEpochs > 0 ? [`global ${c.globalEpochs}`] : []), ...(c.members > 1 ? [`×${c.members} seeds`] : [])].join(', ')] : []),
    `h${c.hidden}${c.extraLayers ? `×${c.extraLayers + 1}` : ''}`,
    `${c.encoder}/${c.decoder}`,
    `${c.optimizer} ${sci(c.learningRate)}`,
    ...learningRateChanges(c.learningRate, epochs).map((ch) => `lr→${sci(ch.learningRate)} @ epoch ${ch.epoch}`),
    `λ ${sci(c.l2)}`,
    `drop ${c.dropout}`,
    ...(c.average > 0 ? [`avg ${c.average}`] : []),
    `b${c.batchSize}`,
    c.compute,
    ...(c.split === 'random' ? [] : [`split ${c.split}`]),
    `seed ${c.seed} / split seed ${c.splitSeed}`,
    c.validRatio > 0 ? `valid ${pct(c.validRatio)}` : 'no validation',
    ...(c.patience > 0 ? [`patience ${c.patience}`] : []),
  ];
  return backend ? `${parts.join(' · ')} · ${backend}` : parts.join(' · ');
}

/** The first line of a run's per-epoch CSV (runCsv). */
export const EPOCH_CSV_HEADER = 'epoch,wall_ms,train_loss,train_rmse,valid_rmse,test_rmse,test_mae,learning_rate';
const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));

/** One line per epoch (EPOCH_CSV_HEADER); wall_ms is the time since the run started; an empty cell where there is no value (no validation share). */
export function runCsv(epochs: readonly EpochStats[]): string {
  let wall = 0;
  const rows = epochs.map((e) =>
    [e.epoch, Math.round((wall += e.ms)), e.trainLoss, e.trainRmse, e.validRmse, e.testRmse, e.testMae, e.learningRate].map(cell).join(','),
  );
  return [EPOCH_CSV_HEADER, ...rows].join('\n') + '\n';
}

/** The settings JSON of a run: its config, the backend, and the live learning-rate changes. */
export function runSettings(r: Pick<RunRecord, 'config' | 'backend' | 'epochs'>) {
  return { ...r.config, backend: r.backend, learningRateChanges: learningRateChanges(r.config.learningRate, r.epochs) };
}

type OldEpoch = Partial<EpochStats> & Pick<EpochStats, 'epoch' | 'trainLoss' | 'testRmse' | 'ms'>;

/**
 * A run stored by an earlier version of the app, brought up to date: no validation (NaN), the learning
 * rate it started with, the last epoch kept. Such runs were split by `seed` alone, without validation.
 */
export function upgradeRun(r: RunRecord): RunRecord {
  const old = (r.config ?? {}) as Partial<TrainConfig>;
  let changed = !('patience' in old && 'splitSeed' in old && 'validRatio' in old);
  const config: TrainConfig = changed ? { ...D2L_DEFAULTS, patience: 0, validRatio: 0, splitSeed: old.seed ?? D2L_DEFAULTS.seed, ...old } : r.config;
  if (!Array.isArray(r.epochs)) changed = true;
  const epochs = ((Array.isArray(r.epochs) ? r.epochs : []) as OldEpoch[]).map((e): EpochStats => {
    if (e.selectedEpoch !== undefined && e.validRmse !== undefined && e.learningRate !== undefined) return e as EpochStats;
    changed = true;
    const validRmse = e.validRmse ?? NaN;
    return {
      trainRmse: NaN,
      testMae: NaN,
      tensors: 0,
      tensorBytes: 0,
      ...e,
      validRmse,
      validMae: e.validMae ?? NaN,
      learningRate: e.learningRate ?? config.learningRate,
      selectedEpoch: e.selectedEpoch ?? e.epoch,
      selectedValidRmse: e.selectedValidRmse ?? validRmse,
      selectedTestRmse: e.selectedTestRmse ?? e.testRmse,
    };
  });
  return changed ? { ...r, config, epochs } : r;
}

/** Faded colours for earlier runs; the pinned baseline gets its own. */
export const HISTORY_COLORS = ['#9b59b6', '#16a085', '#d35400', '#2980b9', '#c0392b', '#7f8c8d', '#27ae60', '#8e44ad'];
export const PINNED_COLOR = '#e67e22';

/** A colour of HISTORY_COLORS picked by the run's id alone (FNV-1a): the same on every load, for runs saved without one. */
export function colorOfId(id: string): string {
  let h = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193) >>> 0;
  return HISTORY_COLORS[h % HISTORY_COLORS.length];
}

/** The colour a new run is saved with: the one the other runs use least (the earliest in HISTORY_COLORS on a tie). */
export function pickColor(others: readonly Pick<RunRecord, 'id' | 'color'>[]): string {
  const uses = new Map(HISTORY_COLORS.map((c) => [c, 0]));
  for (const r of others) {
    const c = r.color ?? colorOfId(r.id);
    if (uses.has(c)) uses.set(c, uses.get(c)! + 1);
  }
  let best = HISTORY_COLORS[0];
  for (const c of HISTORY_COLORS) if (uses.get(c)! < uses.get(best)!) best = c;
  return best;
}

/** A run's colour wherever it is shown (list swatch, chart line, PNG legend): the pinned colour while pinned, else its own. */
export function runColor(r: Pick<RunRecord, 'id' | 'color' | 'pinned'>): string {
  return r.pinned ? PINNED_COLOR : (r.color ?? colorOfId(r.id));
}

/** Earlier runs drawn on the chart: shown (or pinned) ones of the current dataset, or of every dataset with `otherData`. */
export function runsOnChart(runs: readonly RunRecord[], dataset: string | undefined, otherData: boolean): RunRecord[] {
  return runs.filter((r) => (r.visible || r.pinned) && (otherData || dataset === undefined || r.dataset === dataset));
}

export interface RunGroup {
  dataset: string;
  /** The group holds the runs of the dataset loaded now. */
  current: boolean;
  /** Each run with its number in the whole history (1 = the oldest), as the list and the chart name it. */
  runs: { run: RunRecord; number: number }[];
}

/** The history by dataset: the loaded dataset's runs first, then the others, newest dataset first; runs oldest first in each. */
export function groupByDataset(runs: readonly RunRecord[], dataset: string | undefined): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  runs.forEach((run, k) => {
    const g = groups.get(run.dataset) ?? { dataset: run.dataset, current: run.dataset === dataset, runs: [] };
    g.runs.push({ run, number: k + 1 });
    groups.set(run.dataset, g);
  });
  const latest = (g: RunGroup) => Math.max(...g.runs.map((r) => r.run.createdAt));
  return [...groups.values()].sort((a, b) => Number(b.current) - Number(a.current) || latest(b) - latest(a));
}
