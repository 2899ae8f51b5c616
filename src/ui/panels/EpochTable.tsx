import { memo } from 'react';
import type { EpochStats } from '../../worker/messages';
import { keptOf } from '../state/runs';

type Key = 'epoch' | 'trainLoss' | 'trainRmse' | 'testRmse' | 'testMae' | 'validRmse' | 'learningRate' | 'l2' | 'dropout' | 'ms';

/** The first five columns keep their order (tests and scripts read them by position). */
const COLUMNS: { key: Key; label: string; format: (v: number) => string }[] = [
  { key: 'epoch', label: 'epoch', format: (v) => v.toFixed(0) },
  { key: 'trainLoss', label: 'train loss', format: (v) => v.toFixed(4) },
  { key: 'trainRmse', label: 'train RMSE', format: (v) => v.toFixed(4) },
  { key: 'testRmse', label: 'test RMSE', format: (v) => v.toFixed(4) },
  { key: 'testMae', label: 'test MAE', format: (v) => v.toFixed(4) },
  { key: 'validRmse', label: 'valid RMSE', format: (v) => v.toFixed(4) },
  // the live settings in effect at the end of the epoch: a change shows from the first epoch trained with it
  { key: 'learningRate', label: 'learning rate', format: (v) => v.toExponential(2) },
  { key: 'l2', label: 'λ', format: (v) => v.toExponential(2) },
  { key: 'dropout', label: 'dropout', format: (v) => v.toFixed(2) },
  { key: 'ms', label: 'ms', format: (v) => v.toFixed(0) },
];

const show = (v: number | undefined, format: (v: number) => string) => (v === undefined || !Number.isFinite(v) ? '–' : format(v));

/** One epoch; rows already shown are skipped when epochs arrive. */
const LIVE: readonly Key[] = ['learningRate', 'l2', 'dropout'];

/** Whether this epoch is the first with a new value of a live setting (a change made while the run trained). */
const changedAt = (key: Key, e: EpochStats, prev: EpochStats | undefined) => LIVE.includes(key) && prev !== undefined && e[key] !== undefined && prev[key] !== undefined && e[key] !== prev[key];

/** A cell's full-precision value as its data-value: "NaN" where a figure was not measured (as text: React warns of a NaN attribute). */
const valueText = (v: number | undefined): string | undefined => (v === undefined ? undefined : String(v));

const Row = memo(function Row({ e, prev, kept }: { e: EpochStats; prev?: EpochStats; kept: boolean }) {
  return (
    <tr
      className={kept ? 'kept' : undefined}
      data-kept={kept || undefined}
      title={kept ? 'The kept epoch: lowest validation RMSE so far (the last epoch without a validation split)' : undefined}
      data-tensors={e.tensors}
      data-tensor-bytes={e.tensorBytes}
      data-gpu-bytes={e.gpuBytes}
      data-wasm-heap-bytes={e.wasmHeapBytes}
    >
      {COLUMNS.map((c) => (
        <td
          key={c.key}
          data-testid={c.key}
          data-value={valueText(e[c.key])}
          {...(changedAt(c.key, e, prev) && { className: 'changed', 'data-changed': true, title: `${c.label} changed while the run trained: in effect from this epoch` })}
        >
          {show(e[c.key], c.format)}
        </td>
      ))}
    </tr>
  );
});

/** The numbers behind the chart, newest first; each cell keeps its full-precision value in data-value. */
export function EpochTable({ epochs, measureTrain, onMeasureTrain }: { epochs: EpochStats[]; measureTrain: boolean; onMeasureTrain: (on: boolean) => void }) {
  const kept = keptOf(epochs);
  return (
    <div className="table-wrap">
      <label className="hint measure-train">
        <input type="checkbox" checked={measureTrain} onChange={(e) => onMeasureTrain(e.target.checked)} /> Measure train RMSE every epoch (the model at the epoch's end on every
        training rating: about a tenth of an epoch's time). Off, it is the steps' own where dropout is 0, else –.
      </label>
      <table className="epochs" data-testid="epoch-table">
        <caption data-testid="kept-caption">
          {!kept
            ? 'Per-epoch results appear here while training runs.'
            : kept.byValidation
              ? `Kept epoch ${kept.epoch}: validation RMSE ${kept.validRmse.toFixed(4)}, test RMSE ${kept.testRmse.toFixed(4)}`
              : `Kept epoch ${kept.epoch} (the last: no validation split): test RMSE ${kept.testRmse.toFixed(4)}`}
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {epochs.map((e, k) => <Row key={e.epoch} e={e} prev={epochs[k - 1]} kept={e.epoch === kept?.epoch} />).reverse()}
        </tbody>
      </table>
    </div>
  );
}
