import { memo } from 'react';
import type { EpochStats } from '../../worker/messages';
import { keptOf } from '../state/runs';

type Key = 'epoch' | 'trainLoss' | 'trainRmse' | 'testRmse' | 'testMae' | 'validRmse' | 'learningRate' | 'ms';

/** The first five columns keep their order (tests and scripts read them by position). */
const COLUMNS: { key: Key; label: string; format: (v: number) => string }[] = [
  { key: 'epoch', label: 'epoch', format: (v) => v.toFixed(0) },
  { key: 'trainLoss', label: 'train loss', format: (v) => v.toFixed(4) },
  { key: 'trainRmse', label: 'train RMSE', format: (v) => v.toFixed(4) },
  { key: 'testRmse', label: 'test RMSE', format: (v) => v.toFixed(4) },
  { key: 'testMae', label: 'test MAE', format: (v) => v.toFixed(4) },
  { key: 'validRmse', label: 'valid RMSE', format: (v) => v.toFixed(4) },
  { key: 'learningRate', label: 'learning rate', format: (v) => v.toExponential(2) },
  { key: 'ms', label: 'ms', format: (v) => v.toFixed(0) },
];

const show = (v: number | undefined, format: (v: number) => string) => (v === undefined || !Number.isFinite(v) ? '–' : format(v));

/** One epoch; rows already shown are skipped when epochs arrive. */
const Row = memo(function Row({ e, kept }: { e: EpochStats; kept: boolean }) {
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
        <td key={c.key} data-testid={c.key} data-value={e[c.key]}>
          {show(e[c.key], c.format)}
        </td>
      ))}
    </tr>
  );
});

/** The numbers behind the chart, newest first; each cell keeps its full-precision value in data-value. */
export function EpochTable({ epochs }: { epochs: EpochStats[] }) {
  const kept = keptOf(epochs);
  return (
    <div className="table-wrap">
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
          {[...epochs].reverse().map((e) => (
            <Row key={e.epoch} e={e} kept={e.epoch === kept?.epoch} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
