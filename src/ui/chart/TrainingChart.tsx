import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { Line } from 'recharts';
import type { Baselines, EpochStats } from '../../worker/messages';
import { epochAxis, extent, stickyAxis, type Axis } from './axis';
import './chart.css';
import { ChartFrame } from './ChartFrame';
import { registerChartExport } from './png-export';
import type { ChartExport, LegendEntry } from './png-layout';
import { CURRENT, KEPT_COLOR, LiveContext, VALID_COLOR, VALID_DASH, type KeptMark, type LiveRun } from './LiveLayer';
import { keptOf, runColor, runLabel, runsOnChart, type RunRecord } from '../state/runs';
import { series, xs, type Metric, type Point, type XMode } from './series';
import { useOtherData } from '../state/use-run-history';
import { RUNS_AXIS, ValueAxisContext } from './ValueAxis';

interface ChartProps {
  epochs: EpochStats[];
  /** Earlier runs, oldest first (a run's number is its place here, as in the history list). */
  history: RunRecord[];
  baselines?: Baselines;
  smoothing: number;
  xMode: XMode;
  maxEpochs: number;
  /** The dataset loaded now: earlier runs of other data are drawn only when the history's "runs of other data" is ticked. */
  dataset?: string;
  /** The live run's settings (runs.ts runLabel), written into the exported PNG. */
  label?: string;
}

/** Training data reaches the panels at most every REDRAW_MS. */
const REDRAW_MS = 250;

interface Snapshot {
  epochs: EpochStats[];
  baselines?: Baselines;
}

/**
 * The live data as the two panels show it: taken at most once per `intervalMs` (a timer that new epochs
 * do not push back), shown by the first panel, and by the second in the very next task. Both panels
 * therefore always show the same epoch, bar the moment between those two tasks; each panel's redraw stays
 * a task of its own (Recharts redraws synchronously, whatever React's priority). Neither is a transition:
 * one could wait behind the other work a run's end brings (the history, the recommendations).
 */
function usePanelSnapshots(latest: Snapshot, intervalMs: number): [Snapshot, Snapshot, () => void] {
  const [first, setFirst] = useState(latest);
  const [second, setSecond] = useState(latest);
  const newest = useRef(latest);
  newest.current = latest;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const next = useRef(0);
  useEffect(() => {
    if (latest === first || timer.current !== undefined) return;
    timer.current = setTimeout(
      () => {
        timer.current = undefined;
        next.current = performance.now() + intervalMs;
        setFirst(newest.current);
      },
      Math.max(0, next.current - performance.now()),
    );
  }, [latest, first, intervalMs]);
  useEffect(() => {
    if (first === second) return;
    const t = setTimeout(() => setSecond(first), 0);
    return () => clearTimeout(t);
  }, [first, second]);
  useEffect(() => () => clearTimeout(timer.current), []);
  /** Both panels at the latest data now (before the chart is exported), in one synchronous render. */
  const flush = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    flushSync(() => {
      setFirst(newest.current);
      setSecond(newest.current);
    });
  }, []);
  return [first, second, flush];
}

export interface EarlierRun {
  run: RunRecord;
  /** 1 = the oldest run in the history. */
  number: number;
}

/** Validation and test RMSE (top) and train loss (bottom) per epoch or second: the live run, earlier runs faded. */
export const TrainingChart = memo(function TrainingChart(props: ChartProps) {
  const { epochs, baselines, history, dataset } = props;
  const [otherData] = useOtherData();
  const earlier = useMemo(() => {
    const drawn = new Set(runsOnChart(history, dataset, otherData));
    return history.flatMap((run, k): EarlierRun[] => (drawn.has(run) ? [{ run, number: k + 1 }] : []));
  }, [history, dataset, otherData]);
  const latest = useMemo(() => ({ epochs, baselines }), [epochs, baselines]);
  const [rmseData, lossData, flush] = usePanelSnapshots(latest, REDRAW_MS);

  // The PNG export reads the chart's titles and legend through this, once the panels show the latest epoch.
  const figure = useRef<HTMLElement>(null);
  const now = useRef({ props, earlier });
  now.current = { props, earlier };
  useEffect(() => {
    if (!figure.current) return;
    registerChartExport(figure.current, () => {
      flush();
      return chartExport(now.current.props, now.current.earlier);
    });
  }, [flush]);

  const shared = { earlier, smoothing: props.smoothing, xMode: props.xMode, maxEpochs: props.maxEpochs };
  const empty = epochs.length === 0 && earlier.length === 0;
  return (
    <figure ref={figure} className="chart" data-testid="chart" data-points={epochs.length} aria-label="Training curves">
      <Panel {...shared} data={rmseData} metric="testRmse" title={TITLES.testRmse} height={260} />
      <Panel {...shared} data={lossData} metric="trainLoss" title={TITLES.trainLoss} height={170} />
      {empty && <p className="chart-empty">The curves grow here, one point per epoch.</p>}
    </figure>
  );
});

const TITLES = { testRmse: 'RMSE: validation and test', trainLoss: 'Train loss (MSE per observed rating)' };

interface PanelProps extends Pick<ChartProps, 'smoothing' | 'xMode' | 'maxEpochs'> {
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

const Panel = memo(function Panel(props: PanelProps) {
  const { metric, title, height, smoothing, xMode, maxEpochs } = props; // what the user changes applies at once
  const { epochs } = props.data;
  const baselines = metric === 'testRmse' ? props.data.baselines : undefined;
  const earlier = useMemo(
    () => props.earlier.map(({ run, number }) => ({ run, number, points: series(run.epochs, metric, xMode, smoothing).smooth })),
    [props.earlier, metric, xMode, smoothing],
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
      stage: stageMark(epochs, xMode),
      baselines,
    };
  }, [epochs, metric, xMode, smoothing, baselines]);

  const earlierY = useMemo(() => extent(earlier.flatMap((e) => ysOf(e.points))), [earlier]);
  const earlierX = useMemo(() => extent(earlier.flatMap((e) => xsOf(e.points))), [earlier]);
  const baselineYs = baselines ? [baselines.globalMean, baselines.userItemBias] : [];
  const y = useStickyAxis(extent([...ysOf(live.line), ...ysOf(live.raw), ...ysOf(live.valid), ...ysOf(live.validRaw), ...baselineYs], earlierY));
  const lastX = extent(xsOf(live.line), earlierX)?.[1];
  const seconds = useStickyAxis(lastX === undefined ? undefined : [0, lastX]);
  const lastEpoch = Math.max(maxEpochs, 2, ...props.earlier.map((e) => e.run.epochs.length));
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
        {rmse && <Legend live={live.line.length > 0} valid={live.valid.length > 0} kept={live.kept !== undefined} earlier={earlier.length > 0} />}
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

/** Where the first later stage began (AutoRec+'s global-kernel fine-tuning): after epoch stageStart. */
function stageMark(epochs: EpochStats[], xMode: XMode): { x: number; label: string } | undefined {
  const first = epochs.find((e) => e.stage !== undefined && e.stage !== 'local' && (e.stageStart ?? 0) > 0);
  const k = first ? epochs.findIndex((e) => e.epoch === first.stageStart) : -1;
  if (!first || k < 0) return undefined;
  return { x: xs(epochs, xMode)[k], label: `${first.stage === 'global' ? 'global kernel' : first.stage} from here` };
}

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
function Legend({ live, valid, kept, earlier }: { live: boolean; valid: boolean; kept: boolean; earlier: boolean }) {
  return (
    <ul className="legend" data-testid="chart-legend" aria-label="Legend">
      {live && (
        <li>
          <svg width="22" height="10" aria-hidden="true">
            <line x1="1" x2="21" y1="5" y2="5" stroke={CURRENT} strokeWidth="2" />
            <circle cx="11" cy="5" r="2.5" fill="#fff" stroke={CURRENT} />
          </svg>
          test RMSE
        </li>
      )}
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

const f4 = (v: number) => v.toFixed(4);

/** What the exported PNG says around the panels: the live run's settings and kept epoch, and a legend of all that is drawn. */
function chartExport(props: ChartProps, earlier: EarlierRun[]): ChartExport {
  const { epochs, baselines, dataset, label } = props;
  const kept = keptOf(epochs);
  const legend: LegendEntry[] = [];
  if (epochs.length > 0) {
    legend.push({ label: 'test RMSE (this run)', color: CURRENT, mark: 'dot-line' });
    if (epochs.some((e) => Number.isFinite(e.validRmse))) legend.push({ label: 'validation RMSE (this run)', color: VALID_COLOR, mark: 'line', dash: VALID_DASH });
    if (kept) legend.push({ label: `kept epoch (${kept.byValidation ? 'lowest validation RMSE' : 'the last'})`, color: KEPT_COLOR, mark: 'ring' });
    legend.push({ label: 'train loss (this run, lower panel)', color: CURRENT, mark: 'line' });
  }
  if (baselines) {
    legend.push({ label: `global mean ${baselines.globalMean.toFixed(3)}`, color: '#999', mark: 'line', dash: '2 4' });
    legend.push({ label: `user+item bias ${baselines.userItemBias.toFixed(3)}`, color: '#666', mark: 'line', dash: '5 3' });
  }
  for (const { run, number } of earlier) {
    const k = keptOf(run.epochs);
    const figure = k ? ` · test RMSE ${f4(k.testRmse)} @ epoch ${k.epoch}` : '';
    const other = dataset !== undefined && run.dataset !== dataset ? ` · ${run.dataset}` : '';
    legend.push({
      label: `${run.pinned ? 'baseline ' : ''}run ${number}: ${runLabel(run.config, run.backend, run.epochs)}${other}${figure}`,
      color: runColor(run),
      mark: 'line',
      dash: run.pinned ? '6 3' : undefined,
      opacity: run.pinned ? 0.9 : 0.6,
    });
  }
  return {
    title: `AutoRec Studio: training curves${dataset ? ` · ${dataset}` : ''}`,
    settings: label,
    kept: !kept
      ? undefined
      : kept.byValidation
        ? `Kept epoch ${kept.epoch} of ${epochs.length}: validation RMSE ${f4(kept.validRmse)}, test RMSE ${f4(kept.testRmse)}`
        : `Kept epoch ${kept.epoch} (the last: no validation split): test RMSE ${f4(kept.testRmse)}`,
    legend,
    panels: [TITLES.testRmse, TITLES.trainLoss],
  };
}
