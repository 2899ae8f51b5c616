import { memo, useMemo, useState } from 'react';
import { Line } from 'recharts';
import { epochAxis, extent, niceStep, stickyAxis, type Axis } from './axis';
import { ChartFrame } from './ChartFrame';
import { ChartLegend } from './ChartLegend';
import type { EarlierRun } from './earlier-runs';
import { changeMarks, keptMark, keptNdcgMark, stageMark } from './mark-positions';
import { LiveContext, type LiveRun } from './live-run';
import { runColor } from '../state/run-colors';
import { series, type Metric, type Point, type XMode } from './series';
import type { Snapshot } from './use-panel-snapshots';
import { RUNS_AXIS, ValueAxisContext } from './ValueAxis';

interface PanelProps {
  smoothing: number;
  xMode: XMode;
  maxEpochs: number;
  /** The live run as this panel shows it (see usePanelSnapshots). */
  data: Snapshot;
  earlier: EarlierRun[];
  metric: Metric;
  title: string;
  height: number;
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

/** One panel of the training chart: a metric per epoch or second, the live run drawn by hand over the earlier runs' lines. */
export const ChartPanel = memo(function ChartPanel(props: PanelProps) {
  const { metric, title, height, smoothing, xMode, maxEpochs } = props; // what the user changes applies at once (maxEpochs deferred in App)
  const { epochs, start } = props.data;
  const baselines = metric === 'testRmse' ? props.data.baselines : undefined;
  // the NDCG@10 panel: the run's figure per epoch against the most-popular baseline's
  const ndcg = metric === 'testNdcg10';
  const popular = ndcg ? props.data.baselines?.popular?.ndcg : undefined;
  const earlier = useMemo(
    () => props.earlier.map(({ run, number }) => ({ run, number, points: series(run.epochs, metric, xMode, smoothing).smooth })),
    [props.earlier, metric, xMode, smoothing],
  );
  const live = useMemo((): LiveRun => {
    const rmse = metric === 'testRmse';
    const cur = series(epochs, metric, xMode, smoothing);
    const valid = rmse ? series(epochs, 'validRmse', xMode, smoothing) : { raw: [], smooth: [] };
    return {
      name: rmse ? 'test RMSE' : ndcg ? 'test NDCG@10' : 'train loss',
      line: smoothing > 0 ? cur.smooth : cur.raw,
      raw: smoothing > 0 ? cur.raw : [],
      dots: rmse || ndcg,
      valid: smoothing > 0 ? valid.smooth : valid.raw,
      validRaw: smoothing > 0 ? valid.raw : [],
      kept: ndcg ? keptNdcgMark(epochs, xMode) : keptMark(epochs, xMode, rmse),
      stage: stageMark(epochs, xMode),
      changes: changeMarks(epochs, start, xMode),
      changeLabels: !rmse && !ndcg,
      baselines,
      popular,
    };
  }, [epochs, metric, xMode, smoothing, baselines, popular, ndcg, start]);

  const earlierY = useMemo(() => extent(earlier.flatMap((e) => ysOf(e.points))), [earlier]);
  const earlierX = useMemo(() => extent(earlier.flatMap((e) => xsOf(e.points))), [earlier]);
  const baselineYs = baselines ? [baselines.globalMean, baselines.userItemBias, baselines.mf.testRmse] : popular !== undefined ? [popular] : [];
  const y = useStickyAxis(extent([...ysOf(live.line), ...ysOf(live.raw), ...ysOf(live.valid), ...ysOf(live.validRaw), ...baselineYs], earlierY));
  const lastX = extent(xsOf(live.line), earlierX)?.[1];
  const seconds = useStickyAxis(lastX === undefined ? undefined : [0, lastX]);
  // no epoch cap (0): the axis grows with the run, in steps of 1, 2, 5 × 10^k so that it is not re-laid every epoch
  const uncapped = maxEpochs === 0 ? niceStep(Math.max(10, epochs.at(-1)?.epoch ?? 0), true) : 0;
  const lastEpoch = Math.max(maxEpochs, uncapped, 2, ...props.earlier.map((e) => e.run.epochs.length));
  const epochAxisShown = useMemo(() => epochAxis(lastEpoch), [lastEpoch]);

  const lines = useMemo(
    () =>
      earlier.map(({ run: r, number, points }) => (
        <Line
          key={r.id}
          className={`earlier-run run-${number}`}
          data={points}
          dataKey="y"
          yAxisId={RUNS_AXIS}
          name={r.pinned ? `baseline run ${number}` : `run ${number}`}
          stroke={runColor(r)}
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
    <div className="panel" data-metric={metric} data-last-epoch={epochs.at(-1)?.epoch ?? 0}>
      <div className="panel-head">
        <h3>{title}</h3>
        {rmse && <ChartLegend live={live.line.length > 0} valid={live.valid.length > 0} kept={live.kept !== undefined} earlier={earlier.length > 0} />}
      </div>
      <ValueAxisContext.Provider value={y}>
        <LiveContext.Provider value={live}>
          <ChartFrame height={height} x={xMode === 'epoch' ? epochAxisShown : seconds} xMode={xMode} lines={lines} />
        </LiveContext.Provider>
      </ValueAxisContext.Provider>
    </div>
  );
});
