import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Baselines, EpochStats } from '../worker/messages';
import { HISTORY_COLORS, PINNED_COLOR, type RunRecord } from './runs';
import { series, xs, type Metric, type XMode } from './series';
import { useThrottled } from './useThrottled';

interface ChartProps {
  epochs: EpochStats[];
  history: RunRecord[];
  baselines?: Baselines;
  smoothing: number;
  xMode: XMode;
  maxEpochs: number;
}

const seconds = (v: number) => `${v >= 10 ? v.toFixed(0) : Number(v.toPrecision(2))}s`;
const f4 = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));
const CURRENT = '#1f3b73';
const MARGIN = { top: 4, right: 16, bottom: 4, left: 0 };
// Ticks: interval={0} draws every tick computed and PlainTick draws its label as plain SVG text, so
// Recharts measures no label in the DOM (a forced layout each) on a redraw. Elements that stay the same object from render to render are skipped by React, and Recharts then
// does not re-register them in its store (a reference line re-registers on every render it gets).
const GRID = <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ef" />;

/**
 * Training data reaches each panel at most every REDRAW_MS, the two panels half a period apart: Recharts
 * redraws synchronously through its store whatever React's priority, so each redraw gets a task of its own.
 */
const REDRAW_MS = 250;

/** Test RMSE (top) and train loss (bottom) per epoch or second: the live run, earlier runs faded. */
export const TrainingChart = memo(function TrainingChart(props: ChartProps) {
  const { epochs, maxEpochs, xMode } = props;
  const top = xMode === 'epoch' ? Math.max(maxEpochs, 2, ...props.history.map((r) => r.epochs.length)) : 'auto';
  const domain = useMemo((): [number, number | 'auto'] => [xMode === 'epoch' ? 1 : 0, top], [xMode, top]);
  return (
    <figure className="chart" data-testid="chart" data-points={epochs.length} aria-label="Training curves">
      <Panel {...props} metric="testRmse" title="Test RMSE" height={260} domain={domain} phaseMs={0} />
      <Panel {...props} baselines={undefined} metric="trainLoss" title="Train loss (MSE per observed rating)" height={170} domain={domain} phaseMs={REDRAW_MS / 2} />
      {epochs.length === 0 && <p className="chart-empty">The curves grow here, one point per epoch.</p>}
    </figure>
  );
});

interface PanelProps extends ChartProps {
  metric: Metric;
  title: string;
  height: number;
  domain: [number, number | 'auto'];
  /** Offset of this panel's redraws (see REDRAW_MS). */
  phaseMs: number;
}

interface TickProps {
  x: number | string;
  y: number | string;
  payload: { value: number };
}

function PlainTick({ x, y, anchor, dy, text }: TickProps & { anchor: 'middle' | 'end'; dy: string; text: string }) {
  return (
    <text x={x} y={y} dy={dy} textAnchor={anchor} fill="#666" fontSize={12} className="recharts-cartesian-axis-tick-value">
      {text}
    </text>
  );
}

const Panel = memo(function Panel(props: PanelProps) {
  const { metric, title, height, phaseMs } = props;
  const { history, smoothing, xMode, domain } = props; // what the user changes applies at once
  const live = useMemo(() => ({ epochs: props.epochs, baselines: props.baselines }), [props.epochs, props.baselines]);
  const { epochs, baselines } = useThrottled(live, REDRAW_MS, phaseMs);
  const cur = series(epochs, metric, xMode, smoothing);
  const best = epochs.at(-1);
  const bestX = best && metric === 'testRmse' ? xs(epochs, xMode)[best.bestEpoch - 1] : undefined;
  const dot = metric === 'testRmse' ? { r: 2.5, className: 'test-rmse-dot' } : false;
  const [from, to] = domain;
  const axes = useMemo(
    () => (
      <>
        <XAxis dataKey="x" type="number" domain={[from, to]} interval={0} tickCount={6} allowDecimals={xMode === 'seconds'} tick={(t: TickProps) => <PlainTick {...t} anchor="middle" dy="0.9em" text={xMode === 'seconds' ? seconds(t.payload.value) : String(t.payload.value)} />} />
        <YAxis domain={['auto', 'auto']} interval={0} tickCount={5} width={52} tick={(t: TickProps) => <PlainTick {...t} anchor="end" dy="0.32em" text={t.payload.value.toFixed(metric === 'trainLoss' ? 2 : 3)} />} />
        <Tooltip formatter={f4} labelFormatter={(l) => (xMode === 'epoch' ? `epoch ${l}` : `${Number(l).toFixed(1)} s`)} />
      </>
    ),
    [from, to, xMode, metric],
  );
  const earlier = useMemo(
    () =>
      history
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
        )),
    [history, metric, xMode, smoothing],
  );
  const references = useMemo(
    () =>
      baselines && (
        <>
          <ReferenceLine ifOverflow="extendDomain" y={baselines.globalMean} stroke="#999" strokeDasharray="2 4" label={{ value: `global mean ${baselines.globalMean.toFixed(3)}`, position: 'insideTopRight', fontSize: 11 }} />
          <ReferenceLine ifOverflow="extendDomain" y={baselines.userItemBias} stroke="#666" strokeDasharray="5 3" label={{ value: `user+item bias ${baselines.userItemBias.toFixed(3)}`, position: 'insideBottomLeft', fontSize: 11 }} />
        </>
      ),
    [baselines],
  );
  return (
    <div className="panel">
      <h3>{title}</h3>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart margin={MARGIN}>
          {GRID}
          {axes}
          {earlier}
          {smoothing > 0 && <Line data={cur.raw} dataKey="y" name="raw" stroke={CURRENT} strokeOpacity={0.2} dot={false} legendType="none" isAnimationActive={false} />}
          <Line data={smoothing > 0 ? cur.smooth : cur.raw} dataKey="y" name="this run" stroke={CURRENT} strokeWidth={2} dot={dot} isAnimationActive={false} />
          {references}
          {bestX !== undefined && best && (
            <ReferenceDot x={bestX} y={best.bestTestRmse} r={6} fill="none" stroke="#1a7f37" strokeWidth={2} label={{ value: 'best', position: 'top', fontSize: 11 }} />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});
