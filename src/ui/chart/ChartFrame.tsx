import { memo, useEffect, useMemo, useRef, type ReactElement } from 'react';
import { CartesianGrid, DefaultZIndexes, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, ZIndexLayer } from 'recharts';
import type { Axis } from './axis';
import { LiveLayer } from './LiveLayer';
import { ANCHOR } from './live-run';
import { LiveTooltip } from './LiveTooltip';
import type { Point, XMode } from './series';
import { RunsAxis, ValueGrid, ValueTicks } from './ValueAxis';

interface FrameProps {
  height: number;
  x: Axis;
  xMode: XMode;
  /** Earlier runs, as Recharts lines on RUNS_AXIS. */
  lines: ReactElement[];
}

interface TickProps {
  x: number | string;
  y: number | string;
  payload: { value: number };
}

const seconds = (v: number) => `${v >= 10 ? v.toFixed(0) : Number(v.toPrecision(2))}s`;
const f4 = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));
/** Left: room for the value axis, which ValueTicks draws. */
const MARGIN = { top: 4, right: 16, bottom: 4, left: 52 };
const GRID = <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ef" horizontal={false} />;
const ANCHOR_DOMAIN = [0, 1];
const SECONDS_ANCHORS = 100;

/** Where the tooltip can stop: every epoch, or evenly over the seconds (earlier runs add their own points). */
function anchors({ domain: [from, to] }: Axis, xMode: XMode): Point[] {
  const n = xMode === 'epoch' ? to - from : SECONDS_ANCHORS;
  return Array.from({ length: n + 1 }, (_, k) => ({ x: from + ((to - from) * k) / n, y: 0 }));
}

/** An x tick label as plain SVG text: Recharts measures no label in the DOM (a forced layout each). */
function PlainTick({ x, y, payload, xMode }: TickProps & { xMode: XMode }) {
  return (
    <text x={x} y={y} dy="0.9em" textAnchor="middle" fill="#666" fontSize={12} className="recharts-cartesian-axis-tick-value">
      {xMode === 'seconds' ? seconds(payload.value) : String(payload.value)}
    </text>
  );
}

const LAYER = 'g[class^="recharts-zIndex-layer"]';

/**
 * Recharts draws each z-index layer into a <g> through a React portal, and React listens for focus events
 * on every portal's container: Chromium makes an SVG element with focus listeners a Tab stop, so each
 * layer would be an invisible one. tabindex="-1" takes them out of the Tab order, as they are added.
 */
function useNoLayerTabStops() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const untab = (el: Element) => {
      if (el.matches(LAYER)) el.setAttribute('tabindex', '-1');
      el.querySelectorAll(LAYER).forEach((g) => g.setAttribute('tabindex', '-1'));
    };
    untab(root);
    const observer = new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof Element && (n.tagName === 'g' || n.tagName === 'svg' || n.tagName === 'DIV')) untab(n);
    });
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return ref;
}

/** A panel's chart: Recharts draws the x axis, earlier runs and the tooltip, and redraws when one of those changes. */
export const ChartFrame = memo(function ChartFrame({ height, x, xMode, lines }: FrameProps) {
  const data = useMemo(() => anchors(x, xMode), [x, xMode]);
  const frame = useNoLayerTabStops();
  return (
    <div ref={frame} className="chart-frame">
    <ResponsiveContainer width="100%" height={height}>
      {/* No accessibility layer: it makes each panel's SVG a Tab stop with no visible focus; the numbers are in the epoch table. */}
      <LineChart margin={MARGIN} accessibilityLayer={false}>
        {GRID}
        <XAxis dataKey="x" type="number" domain={x.domain} ticks={x.ticks} interval={0} allowDataOverflow tick={(t: TickProps) => <PlainTick {...t} xMode={xMode} />} />
        <YAxis hide type="number" domain={ANCHOR_DOMAIN} />
        {lines.length > 0 && <RunsAxis />}
        <Tooltip formatter={f4} labelFormatter={(l) => (xMode === 'epoch' ? `epoch ${l}` : `${Number(l).toFixed(1)} s`)} content={LiveTooltip} />
        {/* Invisible: gives the tooltip its stops, and the payload without which Recharts keeps it hidden. */}
        <Line data={data} dataKey="y" name={ANCHOR} stroke="none" dot={false} activeDot={false} legendType="none" isAnimationActive={false} />
        {lines}
        <ZIndexLayer zIndex={DefaultZIndexes.grid}>
          <ValueGrid />
        </ZIndexLayer>
        <ZIndexLayer zIndex={DefaultZIndexes.axis}>
          <ValueTicks />
        </ZIndexLayer>
        <ZIndexLayer zIndex={DefaultZIndexes.line + 1}>
          <LiveLayer />
        </ZIndexLayer>
      </LineChart>
    </ResponsiveContainer>
    </div>
  );
});
