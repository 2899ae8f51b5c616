import { useContext } from 'react';
import { DefaultTooltipContent, type TooltipContentProps } from 'recharts';
import { ANCHOR, CURRENT, LiveContext, VALID_COLOR } from './live-run';
import type { Point } from './series';

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
