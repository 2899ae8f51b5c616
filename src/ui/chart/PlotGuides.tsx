import { usePlotArea } from 'recharts';
import { KEPT_COLOR, type ChangeMark, type KeptMark } from './live-run';
import { useToY } from './ValueAxis';

interface BaselineProps {
  value: number;
  label: string;
  stroke: string;
  dash: string;
  /** Label under the line, at the left (else over it, at the right). */
  below?: boolean;
  /** What a pointer over the line shows (its <title>), where the label is too short to say it. */
  title?: string;
}

/** A horizontal reference line across the plot area, labelled as Recharts' ReferenceLine would be. */
export function Baseline({ value, label, stroke, dash, below: wantsBelow = false, title }: BaselineProps) {
  const area = usePlotArea();
  const y = useToY();
  if (!area || !y) return null;
  const at = y(value);
  const right = area.x + area.width;
  // a label goes to the other side of its line where its own side would leave the plot area (a line near the axis)
  const below = wantsBelow ? at + 5 + LABEL_HEIGHT <= area.y + area.height : at - 5 - LABEL_HEIGHT < area.y;
  return (
    <g className="baseline">
      {title && <title>{title}</title>}
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
export function Kept({ mark, x, y, curves }: KeptProps) {
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
export function StageStart({ x, label }: { x: number | undefined; label: string }) {
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

const CHANGE_COLOR = '#6a3d9a';

/** A vertical guide where live settings changed; its label (where the panel names them) at the top, beside it. */
export function ChangeGuide({ x, mark, labelled }: { x: number | undefined; mark: ChangeMark; labelled: boolean }) {
  const area = usePlotArea();
  if (!area || x === undefined) return null;
  const w = labelWidth(mark.label);
  const lx = x + 4 + w <= area.x + area.width ? x + 4 : Math.max(area.x + 2, x - 4 - w);
  return (
    <g className="live-change" data-epoch={mark.epoch} data-label={mark.label}>
      <line x1={x} x2={x} y1={area.y} y2={area.y + area.height} stroke={CHANGE_COLOR} strokeDasharray="2 2" strokeOpacity={0.8} />
      {labelled && (
        <text x={lx} y={area.y + 12} fontSize={11} fill={CHANGE_COLOR}>
          {mark.label}
        </text>
      )}
    </g>
  );
}
