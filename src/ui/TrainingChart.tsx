import { memo, useMemo, useState } from 'react';
import { Line } from 'recharts';
import type { Baselines, EpochStats } from '../worker/messages';
import { epochAxis, extent, stickyAxis, type Axis } from './axis';
import { ChartFrame } from './ChartFrame';
import { LiveContext, type LiveRun } from './LiveLayer';
import { HISTORY_COLORS, PINNED_COLOR, type RunRecord } from './runs';
import { series, xs, type Metric, type Point, type XMode } from './series';
import { useThrottled } from './useThrottled';
import { RUNS_AXIS, ValueAxisContext } from './ValueAxis';

interface ChartProps {
  epochs: EpochStats[];
  history: RunRecord[];
  baselines?: Baselines;
  smoothing: number;
  xMode: XMode;
  maxEpochs: number;
}

/** Training data reaches each panel at most every REDRAW_MS, the two panels half a period apart. */
const REDRAW_MS = 250;

/** Test RMSE (top) and train loss (bottom) per epoch or second: the live run, earlier runs faded. */
export const TrainingChart = memo(function TrainingChart(props: ChartProps) {
  const { epochs } = props;
  return (
    <figure className="chart" data-testid="chart" data-points={epochs.length} aria-label="Training curves">
      <Panel {...props} metric="testRmse" title="Test RMSE" height={260} phaseMs={0} />
      <Panel {...props} baselines={undefined} metric="trainLoss" title="Train loss (MSE per observed rating)" height={170} phaseMs={REDRAW_MS / 2} />
      {epochs.length === 0 && <p className="chart-empty">The curves grow here, one point per epoch.</p>}
    </figure>
  );
});

interface PanelProps extends ChartProps {
  metric: Metric;
  title: string;
  height: number;
  /** Offset of this panel's redraws (see REDRAW_MS). */
  phaseMs: number;
}

/** The axis shown until [lo, hi] leaves it or fills too little of it (see stickyAxis). */
function useStickyAxis(range: [number, number] | undefined): Axis {
  const [shown, setShown] = useState<Axis>();
  const next = stickyAxis(shown, range?.[0], range?.[1]);
  if (next !== shown) setShown(next);
  return next;
}

const xsOf = (points: Point[]) => points.map((p) => p.x);
const ysOf = (points: Point[]) => points.map((p) => p.y);

const Panel = memo(function Panel(props: PanelProps) {
  const { metric, title, height, phaseMs, history, smoothing, xMode, maxEpochs } = props; // what the user changes applies at once
  const latest = useMemo(() => ({ epochs: props.epochs, baselines: props.baselines }), [props.epochs, props.baselines]);
  const { epochs, baselines } = useThrottled(latest, REDRAW_MS, phaseMs);
  const earlier = useMemo(
    () => history.filter((r) => r.visible || r.pinned).map((run) => ({ run, points: series(run.epochs, metric, xMode, smoothing).smooth })),
    [history, metric, xMode, smoothing],
  );
  const live = useMemo((): LiveRun => {
    const cur = series(epochs, metric, xMode, smoothing);
    const last = epochs.at(-1);
    const best = last && metric === 'testRmse' ? { x: xs(epochs, xMode)[last.bestEpoch - 1], y: last.bestTestRmse } : undefined;
    return { line: smoothing > 0 ? cur.smooth : cur.raw, raw: smoothing > 0 ? cur.raw : [], dots: metric === 'testRmse', best, baselines };
  }, [epochs, metric, xMode, smoothing, baselines]);

  const earlierY = useMemo(() => extent(earlier.flatMap((e) => ysOf(e.points))), [earlier]);
  const earlierX = useMemo(() => extent(earlier.flatMap((e) => xsOf(e.points))), [earlier]);
  const baselineYs = baselines ? [baselines.globalMean, baselines.userItemBias] : [];
  const y = useStickyAxis(extent([...ysOf(live.line), ...ysOf(live.raw), ...baselineYs], earlierY));
  const lastX = extent(xsOf(live.line), earlierX)?.[1];
  const seconds = useStickyAxis(lastX === undefined ? undefined : [0, lastX]);
  const lastEpoch = Math.max(maxEpochs, 2, ...history.map((r) => r.epochs.length));
  const epochAxisShown = useMemo(() => epochAxis(lastEpoch), [lastEpoch]);

  const lines = useMemo(
    () =>
      earlier.map(({ run: r, points }, k) => (
        <Line
          key={r.id}
          data={points}
          dataKey="y"
          yAxisId={RUNS_AXIS}
          name={r.pinned ? `baseline run ${k + 1}` : `run ${k + 1}`}
          stroke={r.pinned ? PINNED_COLOR : HISTORY_COLORS[k % HISTORY_COLORS.length]}
          strokeOpacity={r.pinned ? 0.9 : 0.35}
          strokeDasharray={r.pinned ? '6 3' : undefined}
          dot={false}
          legendType={metric === 'testRmse' ? 'line' : 'none'}
          isAnimationActive={false}
        />
      )),
    [earlier, metric],
  );
  return (
    <div className="panel">
      <h3>{title}</h3>
      <ValueAxisContext.Provider value={y}>
        <LiveContext.Provider value={live}>
          <ChartFrame height={height} x={xMode === 'epoch' ? epochAxisShown : seconds} xMode={xMode} lines={lines} />
        </LiveContext.Provider>
      </ValueAxisContext.Provider>
    </div>
  );
});
