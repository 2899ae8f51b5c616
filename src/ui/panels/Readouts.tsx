import type { RankingFigures } from '../../data/ranking';
import type { EpochStats } from '../../worker/messages';
import { keptOf } from '../state/runs';
import { overfitting } from '../chart/series';
import { overfitHint } from '../state/status';
import { useTopPanel } from '../chart/use-top-panel';

const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '–');
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–');

/** Training time: seconds with a tenth under a minute, then m:ss (h:mm:ss past the hour). */
function clock(ms: number): string {
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  const mmss = `${Math.floor(s / 60) % 60}:${String(s % 60).padStart(2, '0')}`;
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, '0')}` : mmss;
}

/**
 * The run's figure (test RMSE of the kept epoch, chosen on validation), the latest epoch's numbers and the
 * training time at a glance, and a hint when the model starts to overfit: a strip that stays in view (sticky
 * above the chart) while a run trains.
 */
export function Readouts({
  epochs,
  patience = 0,
  popular,
}: {
  epochs: EpochStats[];
  /** The run's early-stopping patience (0 = off). */
  patience?: number;
  /** The most-popular baseline's ranking figures on the run's split (shown beside the epoch's NDCG@10). */
  popular?: RankingFigures;
}) {
  const e = epochs.at(-1);
  const kept = keptOf(epochs);
  const ranked = useTopPanel()[0] === 'NDCG@10';
  const msMedian = [...epochs.map((x) => x.ms)].sort((a, b) => a - b)[Math.floor(epochs.length / 2)];
  const dash = '–';
  // Always laid out, dashes before the first epoch: the chart below never jumps.
  const items: [string, string, string][] = [
    ['epoch', e ? `${e.epoch}${e.stage === 'global' ? ' · global kernel' : ''}` : dash, 'epoch'],
    ['train loss', e ? e.trainLoss.toFixed(4) : dash, 'train-loss'],
    ['valid RMSE', e ? f4(e.validRmse) : dash, 'valid-rmse'],
    ['test RMSE', e ? e.testRmse.toFixed(4) : dash, 'test-rmse'],
    ['test MAE', e ? e.testMae.toFixed(4) : dash, 'test-mae'],
    ['training time', e ? clock(epochs.reduce((t, x) => t + x.ms, 0)) : dash, 'elapsed'],
    // measured while the chart shows it (useRankEpochs): shown then, beside the most popular items'
    ...(ranked ? [['NDCG@10 · popular', `${e ? f3(e.testNdcg10 ?? NaN) : dash} · ${popular ? f3(popular.ndcg) : dash}`, 'ndcg'] as [string, string, string]] : []),
    ['ms/epoch (median)', e ? `${Math.round(e.ms)} (${Math.round(msMedian)})` : dash, 'ms'],
  ];
  const signal = overfitting(epochs);
  return (
    <div className="readouts">
      <dl>
        <div className="headline" title="The run's figure: test RMSE of the kept model, the epoch with the lowest validation RMSE (never chosen on the test set)">
          <dt>test RMSE @ kept epoch</dt>
          <dd data-testid="readout-kept" data-value={kept?.testRmse} data-epoch={kept?.epoch}>
            {kept ? `${kept.testRmse.toFixed(4)} @ ${kept.epoch}` : dash}
          </dd>
          <dd className="sub" data-testid="readout-kept-valid">
            {!kept ? dash : kept.byValidation ? `validation RMSE ${kept.validRmse.toFixed(4)}` : 'kept: last epoch (no validation split)'}
          </dd>
        </div>
        {items.map(([label, value, id]) => (
          <div key={id}>
            <dt>{label}</dt>
            <dd data-testid={`readout-${id}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {kept && signal && (
        <p className="note" role="status" data-testid="overfit">
          {overfitHint(signal, kept.epoch, patience)}
        </p>
      )}
    </div>
  );
}
