import type { EpochStats } from '../worker/messages';
import { overfitting } from './series';

/** The latest epoch's numbers at a glance, and a hint when the model starts to overfit. */
export function Readouts({ epochs }: { epochs: EpochStats[] }) {
  const e = epochs.at(-1);
  if (!e) return null;
  const msMedian = [...epochs.map((x) => x.ms)].sort((a, b) => a - b)[Math.floor(epochs.length / 2)];
  const items: [string, string, string][] = [
    ['epoch', String(e.epoch), 'epoch'],
    ['train loss', e.trainLoss.toFixed(4), 'train-loss'],
    ['test RMSE', e.testRmse.toFixed(4), 'test-rmse'],
    ['test MAE', e.testMae.toFixed(4), 'test-mae'],
    ['best RMSE', `${e.bestTestRmse.toFixed(4)} @ ${e.bestEpoch}`, 'best'],
    ['ms / epoch', `${Math.round(e.ms)} (median ${Math.round(msMedian)})`, 'ms'],
  ];
  return (
    <div className="readouts">
      <dl>
        {items.map(([label, value, id]) => (
          <div key={id}>
            <dt>{label}</dt>
            <dd data-testid={`readout-${id}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {overfitting(epochs) && (
        <p className="note" role="status" data-testid="overfit">
          Test RMSE is rising while train loss falls: the model is overfitting. Try a larger L2 λ, more dropout, or keep the best epoch ({e.bestEpoch}).
        </p>
      )}
    </div>
  );
}
