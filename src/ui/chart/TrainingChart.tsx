import { memo, useEffect, useMemo, useRef } from 'react';
import type { Baselines, EpochStats, TrainConfig } from '../../worker/messages';
import './chart.css';
import { ChartPanel } from './ChartPanel';
import { earlierOnChart } from './earlier-runs';
import { registerChartExport } from './png-export';
import type { RunRecord } from '../state/runs';
import type { XMode } from './series';
import { chartExport, PANEL_TITLES } from './training-chart-export';
import { usePanelSnapshots } from './use-panel-snapshots';
import { useOtherData } from '../state/use-other-data';
import { useTopPanel } from './use-top-panel';

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
  /** The live run's settings as it started: its live changes are marked against them. */
  start?: TrainConfig;
  /** The live run's settings (runs.ts runLabel), written into the exported PNG. */
  label?: string;
}

/** Training data reaches the panels at most every REDRAW_MS. */
const REDRAW_MS = 250;

/** Validation and test RMSE (top) and train loss (bottom) per epoch or second: the live run, earlier runs faded. */
export const TrainingChart = memo(function TrainingChart(props: ChartProps) {
  const { epochs, baselines, history, dataset, start } = props;
  const [otherData] = useOtherData();
  const [top] = useTopPanel();
  const ndcg = top === 'NDCG@10';
  const earlier = useMemo(() => earlierOnChart(history, dataset, otherData), [history, dataset, otherData]);
  const latest = useMemo(() => ({ epochs, baselines, start }), [epochs, baselines, start]);
  const [rmseData, lossData, flush] = usePanelSnapshots(latest, REDRAW_MS);

  // The PNG export reads the chart's titles and legend through this, once the panels show the latest epoch.
  const figure = useRef<HTMLElement>(null);
  const now = useRef({ props, earlier, ndcg });
  now.current = { props, earlier, ndcg };
  useEffect(() => {
    if (!figure.current) return;
    registerChartExport(figure.current, () => {
      flush();
      return chartExport(now.current.props, now.current.earlier, now.current.ndcg);
    });
  }, [flush]);

  const shared = { earlier, smoothing: props.smoothing, xMode: props.xMode, maxEpochs: props.maxEpochs };
  const empty = epochs.length === 0 && earlier.length === 0;
  return (
    <figure ref={figure} className="chart" data-testid="chart" data-points={epochs.length} aria-label="Training curves">
      <ChartPanel {...shared} data={rmseData} metric={ndcg ? 'testNdcg10' : 'testRmse'} title={ndcg ? PANEL_TITLES.testNdcg10 : PANEL_TITLES.testRmse} height={260} />
      <ChartPanel {...shared} data={lossData} metric="trainLoss" title={PANEL_TITLES.trainLoss} height={170} />
      {empty && <p className="chart-empty">The curves grow here, one point per epoch.</p>}
    </figure>
  );
});
