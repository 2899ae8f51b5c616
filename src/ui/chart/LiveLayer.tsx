import { createContext, useContext, useId } from 'react';
import { DefaultTooltipContent, usePlotArea, useXAxisScale, type TooltipContentProps } from 'recharts';
import type { Baselines } from '../../worker/messages';
import type { Point } from './series';
import { useToY } from './ValueAxis';

/** The kept epoch (lowest validation RMSE, or the last epoch without validation), marked on a panel. */
export interface KeptMark {
  x: number;
  /** Points circled at the kept epoch (test, validation), raw values. */
  at: number[];
  /** Drawn at the top of the panel beside the guide; none on a panel that only shows the guide. */
  label?: string;
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
  baselines?: Baselines;
}

export const CURRENT = '#1f3b73';
/** Validation RMSE: its own colour, dashed. */
export const VALID_COLOR = '#c2255c';
export const VALID_DASH = '6 4';
export const KEPT_COLOR = '#1a7f37';
/** The name of the chart's invisible line of tooltip stops. */
export const ANCHOR = 'tooltip stops';
const NO_RUN: LiveRun = { name: '', line: [], raw: [], dots: false, valid: [], validRaw: [] };

/** The live run reaches its layer through context, around a memoized chart: a new epoch redraws this layer alone. */
export const LiveContext = createContext<LiveRun>(NO_RUN);

function path(points: Point[], x: (v: number) => number | undefined, y: (v: number) => number): string {
  let d = '';
  for (const p of points) {
    const px = x(p.x);
    if (px !== undefined) d += `${d ? 'L' : 'M'}${px.toFixed(1)},${y(p.y).toFixed(1)}`;
  }
  return d;
}

function pixels(points: Point[], x: (v: number) => number | undefined, y: (v: number) => number): { px: number; py: number }[] {
  const out: { px: number; py: number }[] = [];
  for (const p of points) {
    const px = x(p.x);
    if (px !== undefined) out.push({ px, py: y(p.y) });
  }
  return out;
}

interface BaselineProps {
  value: number;
  label: string;
  stroke: string;
  dash: string;
  /** Label under the line, at the left (else over it, at the right). */
  below?: boolean;
}

/** A horizontal reference line across the plot area, labelled as Recharts' ReferenceLine would be. */
function Baseline({ value, label, stroke, dash, below = false }: BaselineProps) {
  const area = usePlotArea();
  const y = useToY();
  if (!area || !y) return null;
  const at = y(value);
  const right = area.x + area.width;
  return (
    <g className="baseline">
      <line x1={area.x} x2={right} y1={at} y2={at} stroke={stroke} strokeDasharray={dash} />
      <text x={below ? area.x + 5 : right - 5} y={below ? at + 5 : at - 5} dy={below ? '0.71em' : 0} textAnchor={below ? 'start' : 'end'} fontSize={11} fill="#808080">
        {label} {value.toFixed(3)}
      </text>
    </g>
  );
}

/** Rough width of 11px system-ui text (generous: DejaVu Sans is among the widest): enough to keep a label inside the plot area. */
const labelWidth = (text: string) => text.length * 5.8 + 8;
const LABEL_HEIGHT = 17;

interface KeptProps {
  mark: KeptMark;
  x: number;
  y: (v: number) => number;
  /** Where the curves are, in pixels: the label avoids covering them. */
  curves: { px: number; py: number }[];
}

/**
 * A vertical guide at the kept epoch, circles on its points, and its label inside the plot area: beside
 * the guide where it fits (else on its other side), at the top, or at the bottom where the curves would
 * run under it at the top.
 */
function Kept({ mark, x, y, curves }: KeptProps) {
  const area = usePlotArea();
  if (!area) return null;
  const right = area.x + area.width;
  const w = mark.label ? labelWidth(mark.label) : 0;
  const fitsRight = x + 6 + w <= right;
  const lx = fitsRight ? x + 6 : Math.max(area.x + 2, x - 6 - w);
  const top = area.y + 3;
  const bottom = area.y + area.height - LABEL_HEIGHT - 3;
  const covers = (ly: number) => [...curves, ...mark.at.map((v) => ({ px: x, py: y(v) }))].some((p) => p.px >= lx - 6 && p.px <= lx + w + 6 && p.py >= ly - 6 && p.py <= ly + LABEL_HEIGHT + 6);
  const ly = covers(top) && !covers(bottom) ? bottom : top;
  return (
    <g className="kept" data-x={mark.x}>
      <line x1={x} x2={x} y1={area.y} y2={area.y + area.height} stroke={KEPT_COLOR} strokeDasharray="3 3" strokeOpacity={0.8} />
      {mark.at.map((v, k) => (
        <circle key={k} cx={x} cy={y(v)} r={6} fill="none" stroke={KEPT_COLOR} strokeWidth={2} />
      ))}
      {mark.label && (
        <g className="kept-label">
          <rect x={lx} y={ly} width={w} height={LABEL_HEIGHT} rx={3} fill="#fff" fillOpacity={0.9} stroke={KEPT_COLOR} strokeOpacity={0.5} />
          <text x={lx + 4} y={ly + 12.5} fontSize={11} fill={KEPT_COLOR}>
            {mark.label}
          </text>
        </g>
      )}
    </g>
  );
}

const STAGE_COLOR = '#8a5a00';

/** A vertical guide where a later stage began, named at the bottom of the plot area. */
function StageStart({ x, label }: { x: number | undefined; label: string }) {
  const area = usePlotArea();
  if (!area || x === undefined) return null;
  return (
    <g className="stage-start">
      <line x1={x} x2={x} y1={area.y} y2={area.y + area.height} stroke={STAGE_COLOR} strokeDasharray="1 3" strokeWidth={1.5} />
      <text x={x + 4} y={area.y + area.height - 6} fontSize={11} fill={STAGE_COLOR}>
        {label}
      </text>
    </g>
  );
}

/** The live run's curves, its dots, its kept epoch and the baselines: x on Recharts' scale, y on the panel's value axis. */
export function LiveLayer() {
  const run = useContext(LiveContext);
  const x = useXAxisScale();
  const y = useToY();
  const area = usePlotArea();
  const clip = `live-${useId().replace(/[^\w-]/g, '')}`;
  if (!x || !y || !area) return null;
  const keptX = run.kept && x(run.kept.x);
  return (
    <g className="live-run" clipPath={`url(#${clip})`}>
      {/* The plot area and a margin for dots and labels: a curve drawn before its rescale lands stays inside. */}
      <clipPath id={clip}>
        <rect x={area.x - 8} y={area.y - 20} width={area.width + 16} height={area.height + 28} />
      </clipPath>
      {run.baselines && <Baseline value={run.baselines.globalMean} label="global mean" stroke="#999" dash="2 4" />}
      {run.baselines && <Baseline value={run.baselines.userItemBias} label="user+item bias" stroke="#666" dash="5 3" below />}
      {run.validRaw.length > 0 && <path d={path(run.validRaw, x, y)} fill="none" stroke={VALID_COLOR} strokeOpacity={0.2} />}
      {run.valid.length > 0 && <path className="valid-curve" d={path(run.valid, x, y)} fill="none" stroke={VALID_COLOR} strokeWidth={2} strokeDasharray={VALID_DASH} />}
      {run.raw.length > 0 && <path d={path(run.raw, x, y)} fill="none" stroke={CURRENT} strokeOpacity={0.2} />}
      <path className="live-curve" d={path(run.line, x, y)} fill="none" stroke={CURRENT} strokeWidth={2} />
      {run.dots && run.line.map((p) => <circle key={p.x} className="test-rmse-dot" cx={x(p.x)} cy={y(p.y)} r={2.5} fill="#fff" stroke={CURRENT} />)}
      {run.stage && <StageStart x={x(run.stage.x)} label={run.stage.label} />}
      {run.kept && keptX !== undefined && <Kept mark={run.kept} x={keptX} y={y} curves={pixels([...run.line, ...run.valid], x, y)} />}
    </g>
  );
}

/** The point of `line` nearest to `at`, within half a step. */
function nearest(line: Point[], at: number): Point | undefined {
  const halfStep = line.length > 1 ? (line[line.length - 1].x - line[0].x) / (line.length - 1) / 2 : 0.5;
  let near: Point | undefined;
  for (const p of line) if (Math.abs(p.x - at) <= halfStep && (!near || Math.abs(p.x - at) < Math.abs(near.x - at))) near = p;
  return near;
}

/** Recharts' tooltip with the live run's values at the hovered x (the nearest point, within half a step). */
export function LiveTooltip(props: TooltipContentProps) {
  const { line, valid, name } = useContext(LiveContext);
  const at = Number(props.label);
  const near = nearest(line, at);
  const nearValid = nearest(valid, at);
  const earlier = (props.payload ?? []).filter((p) => p.name !== ANCHOR);
  const live = [
    ...(near ? [{ name: `${name} (this run)`, value: near.y, color: CURRENT, dataKey: 'y', graphicalItemId: 'live-run' }] : []),
    ...(nearValid ? [{ name: 'validation RMSE (this run)', value: nearValid.y, color: VALID_COLOR, dataKey: 'y', graphicalItemId: 'live-valid' }] : []),
  ];
  const payload = [...live, ...earlier];
  return props.active && payload.length > 0 ? <DefaultTooltipContent {...props} payload={payload} /> : null;
}
