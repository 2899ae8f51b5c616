import { memo } from 'react';
import type { EpochStats } from '../worker/messages';

const COLUMNS: { key: 'epoch' | 'trainLoss' | 'trainRmse' | 'testRmse' | 'testMae' | 'ms'; label: string; digits: number }[] = [
  { key: 'epoch', label: 'epoch', digits: 0 },
  { key: 'trainLoss', label: 'train loss', digits: 4 },
  { key: 'trainRmse', label: 'train RMSE', digits: 4 },
  { key: 'testRmse', label: 'test RMSE', digits: 4 },
  { key: 'testMae', label: 'test MAE', digits: 4 },
  { key: 'ms', label: 'ms', digits: 0 },
];

/** One epoch; rows already shown are skipped when epochs arrive. */
const Row = memo(function Row({ e, best }: { e: EpochStats; best: boolean }) {
  return (
    <tr className={best ? 'best' : undefined} data-tensors={e.tensors} data-tensor-bytes={e.tensorBytes} data-gpu-bytes={e.gpuBytes} data-wasm-heap-bytes={e.wasmHeapBytes}>
      {COLUMNS.map((c) => (
        <td key={c.key} data-testid={c.key} data-value={e[c.key]}>
          {e[c.key].toFixed(c.digits)}
        </td>
      ))}
    </tr>
  );
});

/** The numbers behind the chart, newest first; each cell keeps its full-precision value in data-value. */
export function EpochTable({ epochs }: { epochs: EpochStats[] }) {
  const last = epochs.at(-1);
  return (
    <div className="table-wrap">
      <table className="epochs" data-testid="epoch-table">
        <caption>
          {last ? `Best test RMSE ${last.bestTestRmse.toFixed(4)} at epoch ${last.bestEpoch}` : 'Per-epoch results appear here while training runs.'}
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
            <Row key={e.epoch} e={e} best={e.epoch === last?.bestEpoch} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
