import { createContext, useContext, useId } from 'react';
import { DefaultTooltipContent, usePlotArea, useXAxisScale, type TooltipContentProps } from 'recharts';
import type { Baselines } from '../worker/messages';
import type { Point } from './series';
import { useToY } from './ValueAxis';

/** What the running (or last) run adds to a panel, drawn by hand inside the chart. */
export interface LiveRun {
  /** As drawn: smoothed when smoothing is on. */
  line: Point[];
  /** The unsmoothed points under a smoothed line (empty without smoothing). */
  raw: Point[];
  dots: boolean;
  best?: Point;
  baselines?: Baselines;
}

export const CURRENT = '#1f3b73';
/** The name of the chart's invisible line of tooltip stops. */
export const ANCHOR = 'tooltip stops';
const NO_RUN: LiveRun = { line: [], raw: [], dots: false };

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

/** The live run's curve, its dots, its best epoch and the baselines: x on Recharts' scale, y on the panel's value axis. */
export function LiveLayer() {
  const run = useContext(LiveContext);
  const x = useXAxisScale();
  const y = useToY();
  const area = usePlotArea();
  const clip = `live-${useId().replace(/[^\w-]/g, '')}`;
  if (!x || !y || !area) return null;
  const best = run.best && x(run.best.x);
  return (
    <g className="live-run" clipPath={`url(#${clip})`}>
      {/* The plot area and a margin for dots and labels: a curve drawn before its rescale lands stays inside. */}
      <clipPath id={clip}>
        <rect x={area.x - 8} y={area.y - 20} width={area.width + 16} height={area.height + 28} />
      </clipPath>
      {run.baselines && <Baseline value={run.baselines.globalMean} label="global mean" stroke="#999" dash="2 4" />}
      {run.baselines && <Baseline value={run.baselines.userItemBias} label="user+item bias" stroke="#666" dash="5 3" below />}
      {run.raw.length > 0 && <path d={path(run.raw, x, y)} fill="none" stroke={CURRENT} strokeOpacity={0.2} />}
      <path className="live-curve" d={path(run.line, x, y)} fill="none" stroke={CURRENT} strokeWidth={2} />
      {run.dots && run.line.map((p) => <circle key={p.x} className="test-rmse-dot" cx={x(p.x)} cy={y(p.y)} r={2.5} fill="#fff" stroke={CURRENT} />)}
      {run.best && best !== undefined && (
        <g className="best">
          <circle cx={best} cy={y(run.best.y)} r={6} fill="none" stroke="#1a7f37" strokeWidth={2} />
          <text x={best} y={y(run.best.y) - 11} textAnchor="middle" fontSize={11} fill="#808080">
            best
          </text>
        </g>
      )}
    </g>
  );
}

/** Recharts' tooltip with the live run's value at the hovered x (the nearest point, within half a step). */
export function LiveTooltip(props: TooltipContentProps) {
  const { line } = useContext(LiveContext);
  const at = Number(props.label);
  const halfStep = line.length > 1 ? (line[line.length - 1].x - line[0].x) / (line.length - 1) / 2 : 0.5;
  let near: Point | undefined;
  for (const p of line) if (Math.abs(p.x - at) <= halfStep && (!near || Math.abs(p.x - at) < Math.abs(near.x - at))) near = p;
  const earlier = (props.payload ?? []).filter((p) => p.name !== ANCHOR);
  const payload = near ? [{ name: 'this run', value: near.y, color: CURRENT, dataKey: 'y', graphicalItemId: 'live-run' }, ...earlier] : earlier;
  return props.active && payload.length > 0 ? <DefaultTooltipContent {...props} payload={payload} /> : null;
}
