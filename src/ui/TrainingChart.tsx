import { memo, useMemo, useState } from 'react';
import { Line } from 'recharts';
import type { Baselines, EpochStats } from '../worker/messages';
import { epochAxis, extent, stickyAxis, type Axis } from './axis';
import { ChartFrame } from './ChartFrame';
import { CURRENT, KEPT_COLOR, LiveContext, VALID_COLOR, VALID_DASH, type KeptMark, type LiveRun } from './LiveLayer';
import { HISTORY_COLORS, keptOf, PINNED_COLOR, type RunRecord } from './runs';
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

/** Validation and test RMSE (top) and train loss (bottom) per epoch or second: the live run, earlier runs faded. */
export const TrainingChart = memo(function TrainingChart(props: ChartProps) {
  const { epochs } = props;
  return (
    <figure className="chart" data-testid="chart" data-points={epochs.length} aria-label="Training curves">
      <Panel {...props} metric="testRmse" title="RMSE: validation and test" height={260} phaseMs={0} />
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
    const rmse = metric === 'testRmse';
    const cur = series(epochs, metric, xMode, smoothing);
    const valid = rmse ? series(epochs, 'validRmse', xMode, smoothing) : { raw: [], smooth: [] };
    return {
      name: rmse ? 'test RMSE' : 'train loss',
      line: smoothing > 0 ? cur.smooth : cur.raw,
      raw: smoothing > 0 ? cur.raw : [],
      dots: rmse,
      valid: smoothing > 0 ? valid.smooth : valid.raw,
      validRaw: smoothing > 0 ? valid.raw : [],
      kept: keptMark(epochs, xMode, rmse),
      baselines,
    };
  }, [epochs, metric, xMode, smoothing, baselines]);

  const earlierY = useMemo(() => extent(earlier.flatMap((e) => ysOf(e.points))), [earlier]);
  const earlierX = useMemo(() => extent(earlier.flatMap((e) => xsOf(e.points))), [earlier]);
  const baselineYs = baselines ? [baselines.globalMean, baselines.userItemBias] : [];
  const y = useStickyAxis(extent([...ysOf(live.line), ...ysOf(live.raw), ...ysOf(live.valid), ...ysOf(live.validRaw), ...baselineYs], earlierY));
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
  const rmse = metric === 'testRmse';
  return (
    <div className="panel">
      <div className="panel-head">
        <h3>{title}</h3>
        {rmse && <Legend valid={live.valid.length > 0} kept={live.kept !== undefined} earlier={earlier.length > 0} />}
      </div>
      <ValueAxisContext.Provider value={y}>
        <LiveContext.Provider value={live}>
          <ChartFrame height={height} x={xMode === 'epoch' ? epochAxisShown : seconds} xMode={xMode} lines={lines} />
        </LiveContext.Provider>
      </ValueAxisContext.Provider>
    </div>
  );
});

const f3 = (v: number) => v.toFixed(3);

/** The kept epoch on a panel: labelled and circled on the RMSE panel, a bare guide on the others. */
function keptMark(epochs: EpochStats[], xMode: XMode, labelled: boolean): KeptMark | undefined {
  const kept = keptOf(epochs);
  const k = kept ? epochs.findIndex((e) => e.epoch === kept.epoch) : -1;
  if (!kept || k < 0) return undefined;
  const x = xs(epochs, xMode)[k];
  if (!labelled) return { x, at: [] };
  return kept.byValidation
    ? { x, at: [kept.testRmse, kept.validRmse], label: `kept: epoch ${kept.epoch} (valid ${f3(kept.validRmse)}, test ${f3(kept.testRmse)})` }
    : { x, at: [kept.testRmse], label: `kept: epoch ${kept.epoch}, the last (no validation; test ${f3(kept.testRmse)})` };
}

/** What the RMSE panel's lines are (the live ones are drawn by hand, outside Recharts' legend). */
function Legend({ valid, kept, earlier }: { valid: boolean; kept: boolean; earlier: boolean }) {
  return (
    <ul className="legend" data-testid="chart-legend" aria-label="Legend">
      <li>
        <svg width="22" height="10" aria-hidden="true">
          <line x1="1" x2="21" y1="5" y2="5" stroke={CURRENT} strokeWidth="2" />
          <circle cx="11" cy="5" r="2.5" fill="#fff" stroke={CURRENT} />
        </svg>
        test RMSE
      </li>
      {valid && (
        <li>
          <svg width="22" height="10" aria-hidden="true">
            <line x1="1" x2="21" y1="5" y2="5" stroke={VALID_COLOR} strokeWidth="2" strokeDasharray={VALID_DASH} />
          </svg>
          validation RMSE
        </li>
      )}
      {kept && (
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="5" fill="none" stroke={KEPT_COLOR} strokeWidth="2" />
          </svg>
          kept epoch ({valid ? 'lowest validation RMSE' : 'last epoch'})
        </li>
      )}
      {earlier && <li className="muted">faded: earlier runs (test RMSE)</li>}
    </ul>
  );
}
