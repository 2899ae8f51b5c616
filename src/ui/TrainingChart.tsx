import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Baselines, EpochStats } from '../worker/messages';
import { HISTORY_COLORS, PINNED_COLOR, type RunRecord } from './runs';
import { series, xs, type Metric, type XMode } from './series';

interface ChartProps {
  epochs: EpochStats[];
  history: RunRecord[];
  baselines?: Baselines;
  smoothing: number;
  xMode: XMode;
  maxEpochs: number;
}

const f4 = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));
const CURRENT = '#1f3b73';

/** Test RMSE (top) and train loss (bottom) per epoch or second: the live run, earlier runs faded. */
export const TrainingChart = memo(function TrainingChart(props: ChartProps) {
  const { epochs, maxEpochs, xMode } = props;
  const domain: [number, number | 'auto'] = xMode === 'epoch' ? [1, Math.max(maxEpochs, 2, ...props.history.map((r) => r.epochs.length))] : [0, 'auto'];
  return (
    <figure className="chart" data-testid="chart" data-points={epochs.length} aria-label="Training curves">
      <Panel {...props} metric="testRmse" title="Test RMSE" height={260} domain={domain} withBaselines />
      <Panel {...props} metric="trainLoss" title="Train loss (MSE per observed rating)" height={170} domain={domain} />
      {epochs.length === 0 && <p className="chart-empty">The curves grow here, one point per epoch.</p>}
    </figure>
  );
});

interface PanelProps extends ChartProps {
  metric: Metric;
  title: string;
  height: number;
  domain: [number, number | 'auto'];
  withBaselines?: boolean;
}

function Panel({ epochs, history, baselines, smoothing, xMode, metric, title, height, domain, withBaselines }: PanelProps) {
  const cur = series(epochs, metric, xMode, smoothing);
  const best = epochs.at(-1);
  const bestX = best && metric === 'testRmse' ? xs(epochs, xMode)[best.bestEpoch - 1] : undefined;
  const dot = metric === 'testRmse' ? { r: 2.5, className: 'test-rmse-dot' } : false;
  return (
    <div className="panel">
      <h3>{title}</h3>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ef" />
          <XAxis dataKey="x" type="number" domain={domain} allowDecimals={xMode === 'seconds'} tickFormatter={(v: number) => (xMode === 'seconds' ? `${v < 10 ? v.toFixed(1) : v.toFixed(0)}s` : String(v))} />
          <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(metric === 'trainLoss' ? 2 : 3)} width={52} />
          <Tooltip formatter={f4} labelFormatter={(l) => (xMode === 'epoch' ? `epoch ${l}` : `${Number(l).toFixed(1)} s`)} />

          {history
            .filter((r) => r.visible || r.pinned)
            .map((r, k) => (
              <Line
                key={r.id}
                data={series(r.epochs, metric, xMode, smoothing).smooth}
                dataKey="y"
                name={r.pinned ? `baseline run ${k + 1}` : `run ${k + 1}`}
                stroke={r.pinned ? PINNED_COLOR : HISTORY_COLORS[k % HISTORY_COLORS.length]}
                strokeOpacity={r.pinned ? 0.9 : 0.35}
                strokeDasharray={r.pinned ? '6 3' : undefined}
                dot={false}
                legendType={metric === 'testRmse' ? 'line' : 'none'}
                isAnimationActive={false}
              />
            ))}
          {smoothing > 0 && <Line data={cur.raw} dataKey="y" name="raw" stroke={CURRENT} strokeOpacity={0.2} dot={false} legendType="none" isAnimationActive={false} />}
          <Line data={smoothing > 0 ? cur.smooth : cur.raw} dataKey="y" name="this run" stroke={CURRENT} strokeWidth={2} dot={dot} isAnimationActive={false} />
          {withBaselines && baselines && (
            <>
              <ReferenceLine ifOverflow="extendDomain" y={baselines.globalMean} stroke="#999" strokeDasharray="2 4" label={{ value: `global mean ${baselines.globalMean.toFixed(3)}`, position: 'insideTopRight', fontSize: 11 }} />
              <ReferenceLine ifOverflow="extendDomain" y={baselines.userItemBias} stroke="#666" strokeDasharray="5 3" label={{ value: `user+item bias ${baselines.userItemBias.toFixed(3)}`, position: 'insideBottomLeft', fontSize: 11 }} />
            </>
          )}
          {bestX !== undefined && best && (
            <ReferenceDot x={bestX} y={best.bestTestRmse} r={6} fill="none" stroke="#1a7f37" strokeWidth={2} label={{ value: 'best', position: 'top', fontSize: 11 }} />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
