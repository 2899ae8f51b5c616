import type { EpochStats } from '../worker/messages';
import { overfitting } from './series';

/** The latest epoch's numbers at a glance, and a hint when the model starts to overfit. */
export function Readouts({ epochs }: { epochs: EpochStats[] }) {
  const e = epochs.at(-1);
  const msMedian = [...epochs.map((x) => x.ms)].sort((a, b) => a - b)[Math.floor(epochs.length / 2)];
  const dash = '–';
  // Always laid out, dashes before the first epoch: the chart below never jumps.
  const items: [string, string, string][] = [
    ['epoch', e ? String(e.epoch) : dash, 'epoch'],
    ['train loss', e ? e.trainLoss.toFixed(4) : dash, 'train-loss'],
    ['test RMSE', e ? e.testRmse.toFixed(4) : dash, 'test-rmse'],
    ['test MAE', e ? e.testMae.toFixed(4) : dash, 'test-mae'],
    ['best RMSE', e ? `${e.bestTestRmse.toFixed(4)} @ ${e.bestEpoch}` : dash, 'best'],
    ['ms / epoch', e ? `${Math.round(e.ms)} (median ${Math.round(msMedian)})` : dash, 'ms'],
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
      {e && overfitting(epochs) && (
        <p className="note" role="status" data-testid="overfit">
          Test RMSE is rising while train loss falls: the model is overfitting. Try a larger L2 λ, more dropout, or keep the best epoch ({e.bestEpoch}).
        </p>
      )}
    </div>
  );
}
