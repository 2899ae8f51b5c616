import type { Baselines, EpochStats } from '../../worker/messages';
import { runColor } from '../state/run-colors';
import { runLabel } from '../state/run-label';
import { keptOf } from '../state/runs';
import type { EarlierRun } from './earlier-runs';
import { CURRENT, KEPT_COLOR, MF_COLOR, MF_DASH, VALID_COLOR, VALID_DASH } from './live-run';
import type { ChartExport, LegendEntry } from './png-layout';

/** The panels' titles, on the page and in the PNG. */
export const PANEL_TITLES = { testRmse: 'RMSE: validation and test', testNdcg10: 'NDCG@10 on the test ratings (higher is better)', trainLoss: 'Train loss (MSE per observed rating)' };

/** The live run as the PNG describes it. */
interface ExportedRun {
  epochs: EpochStats[];
  baselines?: Baselines;
  dataset?: string;
  /** The live run's settings (runs.ts runLabel). */
  label?: string;
}

const f4 = (v: number) => v.toFixed(4);

/**
 * What the exported PNG says around the panels: the live run's settings and kept epoch, and a legend of all that is
 * drawn (`ndcg`: the upper panel shows NDCG@10 and the most-popular baseline instead of RMSE).
 */
export function chartExport(props: ExportedRun, earlier: EarlierRun[], ndcg = false): ChartExport {
  const { epochs, baselines, dataset, label } = props;
  const kept = keptOf(epochs);
  const legend: LegendEntry[] = [];
  if (epochs.length > 0) {
    legend.push({ label: ndcg ? 'test NDCG@10 (this run)' : 'test RMSE (this run)', color: CURRENT, mark: 'dot-line' });
    if (!ndcg && epochs.some((e) => Number.isFinite(e.validRmse))) legend.push({ label: 'validation RMSE (this run)', color: VALID_COLOR, mark: 'line', dash: VALID_DASH });
    if (kept) legend.push({ label: `kept epoch (${kept.byValidation ? 'lowest validation RMSE' : 'the last'})`, color: KEPT_COLOR, mark: 'ring' });
    legend.push({ label: 'train loss (this run, lower panel)', color: CURRENT, mark: 'line' });
  }
  if (ndcg && baselines?.popular) legend.push({ label: `most popular ${baselines.popular.ndcg.toFixed(3)}`, color: '#666', mark: 'line', dash: '5 3' });
  if (baselines && !ndcg) {
    legend.push({ label: `global mean ${baselines.globalMean.toFixed(3)}`, color: '#999', mark: 'line', dash: '2 4' });
    legend.push({ label: `user+item bias ${baselines.userItemBias.toFixed(3)}`, color: '#666', mark: 'line', dash: '5 3' });
    const { mf } = baselines;
    legend.push({ label: `MF ${mf.testRmse.toFixed(3)} (biased matrix factorisation, ${mf.factors} factors, λ ${mf.l2})`, color: MF_COLOR, mark: 'line', dash: MF_DASH });
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
    panels: [ndcg ? PANEL_TITLES.testNdcg10 : PANEL_TITLES.testRmse, PANEL_TITLES.trainLoss],
  };
}
