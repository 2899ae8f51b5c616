import { useContext, useId } from 'react';
import { usePlotArea, useXAxisScale } from 'recharts';
import { CURRENT, LiveContext, MF_COLOR, MF_DASH, mfTitle, VALID_COLOR, VALID_DASH } from './live-run';
import { Baseline, ChangeGuide, Kept, StageStart } from './PlotGuides';
import type { Point } from './series';
import { useToY } from './ValueAxis';

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

/** The live run's curves, its dots, its kept epoch and the baselines: x on Recharts' scale, y on the panel's value axis. */
export function LiveLayer() {
  const run = useContext(LiveContext);
  const x = useXAxisScale();
  const y = useToY();
  const area = usePlotArea();
  const clip = `live-${useId().replace(/[^\w-]/g, '')}`;
  if (!x || !y || !area) return null;
  const keptX = run.kept && x(run.kept.x);
  // The global mean's and MF's labels, over their lines at the right (about 110 and 60 px of text): the kept
  // epoch's label keeps off them as off the curves, or it would hide them.
  const overRight = (value: number, width: number) => Array.from({ length: Math.ceil(width / 10) }, (_, k) => ({ px: area.x + area.width - 5 - 10 * k, py: y(value) - 10 }));
  const rightLabels = run.baselines ? [...overRight(run.baselines.globalMean, 120), ...overRight(run.baselines.mf.testRmse, 60)] : [];
  return (
    <g className="live-run" clipPath={`url(#${clip})`}>
      {/* The plot area and a margin for dots and labels: a curve drawn before its rescale lands stays inside. */}
      <clipPath id={clip}>
        <rect x={area.x - 8} y={area.y - 20} width={area.width + 16} height={area.height + 28} />
      </clipPath>
      {run.baselines && <Baseline value={run.baselines.globalMean} label="global mean" stroke="#999" dash="2 4" />}
      {run.baselines && <Baseline value={run.baselines.userItemBias} label="user+item bias" stroke="#666" dash="5 3" below />}
      {run.baselines && <Baseline value={run.baselines.mf.testRmse} label="MF" stroke={MF_COLOR} dash={MF_DASH} title={mfTitle(run.baselines.mf)} />}
      {run.popular !== undefined && <Baseline value={run.popular} label="most popular" stroke="#666" dash="5 3" />}
      {run.validRaw.length > 0 && <path d={path(run.validRaw, x, y)} fill="none" stroke={VALID_COLOR} strokeOpacity={0.2} />}
      {run.valid.length > 0 && <path className="valid-curve" d={path(run.valid, x, y)} fill="none" stroke={VALID_COLOR} strokeWidth={2} strokeDasharray={VALID_DASH} />}
      {run.raw.length > 0 && <path d={path(run.raw, x, y)} fill="none" stroke={CURRENT} strokeOpacity={0.2} />}
      <path className="live-curve" d={path(run.line, x, y)} fill="none" stroke={CURRENT} strokeWidth={2} />
      {run.dots && run.line.map((p) => <circle key={p.x} className="test-rmse-dot" cx={x(p.x)} cy={y(p.y)} r={2.5} fill="#fff" stroke={CURRENT} />)}
      {run.stage && <StageStart x={x(run.stage.x)} label={run.stage.label} />}
      {run.changes.map((m) => (
        <ChangeGuide key={m.epoch} x={x(m.x)} mark={m} labelled={run.changeLabels} />
      ))}
      {run.kept && keptX !== undefined && <Kept mark={run.kept} x={keptX} y={y} curves={[...pixels([...run.line, ...run.valid], x, y), ...rightLabels]} />}
    </g>
  );
}
