import { createContext, useContext } from 'react';
import { usePlotArea, YAxis } from 'recharts';
import { niceAxis, type Axis } from './axis';

/**
 * A panel's value (y) axis. It is drawn here rather than by Recharts, whose store would redraw every
 * axis, tick, grid line and line it knows, in one go, each time the axis rescales.
 */
export const ValueAxisContext = createContext<Axis>(niceAxis(0, 1));

/** The y axis of earlier runs' lines: hidden, it follows the drawn one (and with no such line, is left out). */
export const RUNS_AXIS = 'runs';

export function RunsAxis() {
  const { domain } = useContext(ValueAxisContext);
  return <YAxis yAxisId={RUNS_AXIS} hide type="number" domain={domain} allowDataOverflow />;
}

/** Pixel row of a value in the plot area (undefined before Recharts has laid the chart out). */
export function useToY(): ((v: number) => number) | undefined {
  const { domain } = useContext(ValueAxisContext);
  const area = usePlotArea();
  if (!area) return undefined;
  const [from, to] = domain;
  return (v) => area.y + (area.height * (to - v)) / (to - from);
}

/** Horizontal grid lines at the ticks, as CartesianGrid draws them. */
export function ValueGrid() {
  const { ticks } = useContext(ValueAxisContext);
  const area = usePlotArea();
  const toY = useToY();
  if (!area || !toY) return null;
  return (
    <g className="value-grid" stroke="#e3e7ef" strokeDasharray="3 3">
      {ticks.map((t) => (
        <line key={t} x1={area.x} x2={area.x + area.width} y1={toY(t)} y2={toY(t)} />
      ))}
    </g>
  );
}

/** The axis line, tick marks and labels, as YAxis draws them. */
export function ValueTicks() {
  const { ticks, digits } = useContext(ValueAxisContext);
  const area = usePlotArea();
  const toY = useToY();
  if (!area || !toY) return null;
  return (
    <g className="value-axis" stroke="#666" fill="#666" fontSize={12}>
      <line x1={area.x} x2={area.x} y1={area.y} y2={area.y + area.height} />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={area.x - 6} x2={area.x} y1={toY(t)} y2={toY(t)} />
          <text x={area.x - 8} y={toY(t)} dy="0.32em" textAnchor="end" stroke="none">
            {t.toFixed(digits)}
          </text>
        </g>
      ))}
    </g>
  );
}
