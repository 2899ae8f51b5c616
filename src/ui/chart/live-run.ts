import { createContext } from 'react';
import type { Baselines } from '../../worker/messages';
import type { Point } from './series';

/** The kept epoch (lowest validation RMSE, or the last epoch without validation), marked on a panel. */
export interface KeptMark {
  x: number;
  /** Points circled at the kept epoch (test, validation), raw values. */
  at: number[];
  /** Drawn at the top of the panel beside the guide; none on a panel that only shows the guide. */
  label?: string;
}

/** A live change of the run's settings: a guide where it took effect, named ("λ→1e−1, dropout→0.3"). */
export interface ChangeMark {
  /** The first epoch trained with the new values. */
  epoch: number;
  x: number;
  label: string;
}

/** What the running (or last) run adds to a panel, drawn by hand inside the chart. */
export interface LiveRun {
  /** The main curve's name in the tooltip, e.g. "test RMSE". */
  name: string;
  /** As drawn: smoothed when smoothing is on. */
  line: Point[];
  /** The unsmoothed points under a smoothed line (empty without smoothing). */
  raw: Point[];
  dots: boolean;
  /** Validation RMSE beside the main curve (empty when the run has no validation share or the panel shows none). */
  valid: Point[];
  validRaw: Point[];
  kept?: KeptMark;
  /** Where a later training stage began (AutoRec+'s global-kernel fine-tuning): a guide and its name. */
  stage?: { x: number; label: string };
  /** Live changes of the settings; labelled on the panel that names them (`changeLabels`). */
  changes: ChangeMark[];
  changeLabels: boolean;
  baselines?: Baselines;
  /** The most-popular baseline's figure, a reference line on the NDCG@10 panel. */
  popular?: number;
}

export const CURRENT = '#1f3b73';
/** Validation RMSE: its own colour, dashed. */
export const VALID_COLOR = '#c2255c';
export const VALID_DASH = '6 4';
export const KEPT_COLOR = '#1a7f37';
/** The matrix-factorisation baseline: a reference line like the other two, in a colour of its own (it is the one to beat; none of the runs' Okabe-Ito colours, nor the stage guide's brown). */
export const MF_COLOR = '#00707a';
export const MF_DASH = '8 3 2 3';

/** What the MF line stands for, in its tooltip and the PNG's legend. */
export function mfTitle(mf: Baselines['mf']): string {
  const how = mf.chosenBy === 'validation' ? 'chosen on the validation share' : 'the fixed default: no validation share, or data too large to search';
  return `MF (biased matrix factorisation, ${mf.factors} factors, λ ${mf.l2}, ${mf.epochs} epochs: ${how}): test RMSE ${mf.testRmse.toFixed(3)}`;
}
/** The name of the chart's invisible line of tooltip stops. */
export const ANCHOR = 'tooltip stops';
const NO_RUN: LiveRun = { name: '', line: [], raw: [], dots: false, valid: [], validRaw: [], changes: [], changeLabels: false };

/** The live run reaches its layer through context, around a memoized chart: a new epoch redraws this layer alone. */
export const LiveContext = createContext<LiveRun>(NO_RUN);
