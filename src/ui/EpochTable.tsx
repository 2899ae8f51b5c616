import type { EpochStats } from '../worker/messages';

/** The numbers behind the chart, newest first. */
export function EpochTable({ epochs }: { epochs: EpochStats[] }) {
  const best = epochs.reduce<EpochStats | undefined>((b, e) => (!b || e.testRmse < b.testRmse ? e : b), undefined);
  return (
    <div className="table-wrap">
      <table data-testid="epoch-table">
        <caption>
          {best ? `Best test RMSE ${best.testRmse.toFixed(4)} at epoch ${best.epoch}` : 'Per-epoch results appear here while training runs.'}
        </caption>
        <thead>
          <tr>
            <th scope="col">epoch</th>
            <th scope="col">train loss</th>
            <th scope="col">train RMSE</th>
            <th scope="col">test RMSE</th>
            <th scope="col">ms</th>
          </tr>
        </thead>
        <tbody>
          {[...epochs].reverse().map((e) => (
            <tr key={e.epoch} className={e === best ? 'best' : undefined}>
              <td>{e.epoch}</td>
              <td>{e.trainLoss.toFixed(4)}</td>
              <td>{e.trainRmse.toFixed(4)}</td>
              <td data-testid="test-rmse">{e.testRmse.toFixed(4)}</td>
              <td>{Math.round(e.ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
