import { memo, useMemo } from 'react';
import type { EpochStats } from '../../worker/messages';

interface TuneChartProps {
  /** Every trial's epochs (validation RMSE per epoch). */
  epochs: Record<number, EpochStats[]>;
  /** The best trial so far (highlighted) and the one training now. */
  best?: number;
  current?: number;
  /** ASHA's rungs (epochs), marked on the x axis. */
  rungs: number[];
}

const W = 640;
const H = 260;
const PAD = { left: 52, right: 12, top: 10, bottom: 34 };

/**
 * Every trial's validation curve, faded, the best trial's highlighted and the running one in colour. A plain
 * SVG of polylines: a search draws hundreds of curves, redrawn as epochs arrive, cheaply.
 */
export const TuneChart = memo(function TuneChart({ epochs, best, current, rungs }: TuneChartProps) {
  const { xMax, yMin, yMax, lines } = useMemo(() => {
    let xMax = 1;
    let lo = Infinity;
    let bests: number[] = [];
    for (const list of Object.values(epochs)) {
      for (const e of list) {
        xMax = Math.max(xMax, e.epoch);
        if (Number.isFinite(e.validRmse)) lo = Math.min(lo, e.validRmse);
      }
      const last = list.at(-1);
      if (last && Number.isFinite(last.selectedValidRmse)) bests.push(last.selectedValidRmse);
    }
    bests = bests.sort((a, b) => a - b);
    if (!Number.isFinite(lo)) lo = 0.8;
    // Up to the worse trials' best, at least 0.1 above the lowest: the region where trials differ.
    const hi = Math.max(lo + 0.1, Math.min(lo + 0.4, (bests.at(Math.floor(bests.length * 0.8)) ?? lo + 0.2) + 0.05));
    const yMin = Math.floor((lo - 0.005) * 100) / 100;
    const yMax = Math.ceil(hi * 100) / 100;
    const x = (ep: number) => PAD.left + ((ep - 1) / Math.max(1, xMax - 1)) * (W - PAD.left - PAD.right);
    const y = (v: number) => PAD.top + (1 - (Math.min(Math.max(v, yMin), yMax) - yMin) / (yMax - yMin)) * (H - PAD.top - PAD.bottom);
    const lines = Object.entries(epochs).map(([id, list]) => ({
      id: Number(id),
      points: list
        .filter((e) => Number.isFinite(e.validRmse))
        .map((e) => `${x(e.epoch).toFixed(1)},${y(e.validRmse).toFixed(1)}`)
        .join(' '),
    }));
    return { xMax, yMin, yMax, lines };
  }, [epochs]);
  const x = (ep: number) => PAD.left + ((ep - 1) / Math.max(1, xMax - 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - yMin) / (yMax - yMin)) * (H - PAD.top - PAD.bottom);
  const yTicks = Array.from({ length: 5 }, (_, i) => yMin + ((yMax - yMin) * i) / 4);
  const xTicks = [...new Set([1, ...[0.25, 0.5, 0.75, 1].map((f) => Math.max(1, Math.round(f * xMax)))])];
  const order = [...lines].sort((a, b) => rank(a.id, best, current) - rank(b.id, best, current));
  return (
    <figure className="tune-chart" data-testid="tune-chart" data-trials={lines.length} data-best={best ?? ''}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Validation RMSE per epoch of ${lines.length} trials${best ? `; trial ${best} is the best` : ''}`}>
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="tick">
              {v.toFixed(3)}
            </text>
          </g>
        ))}
        {xTicks.map((ep) => (
          <text key={ep} x={x(ep)} y={H - PAD.bottom + 16} textAnchor="middle" className="tick">
            {ep}
          </text>
        ))}
        {rungs
          .filter((r) => r <= xMax)
          .map((r) => (
            <line key={`rung-${r}`} x1={x(r)} x2={x(r)} y1={PAD.top} y2={H - PAD.bottom} className="rung" />
          ))}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 4} textAnchor="middle" className="axis-label">
          {rungs.length > 0 ? 'epoch (dashed: halving rungs)' : 'epoch'}
        </text>
        <text x={12} y={(PAD.top + H - PAD.bottom) / 2} textAnchor="middle" className="axis-label" transform={`rotate(-90 12 ${(PAD.top + H - PAD.bottom) / 2})`}>
          validation RMSE
        </text>
        {order.map((l) => (
          <polyline key={l.id} points={l.points} className={`trial-line${l.id === best ? ' best' : l.id === current ? ' current' : ''}`} data-trial={l.id} />
        ))}
      </svg>
      <figcaption>
        <span className="key faded" /> trials <span className="key current" /> training now <span className="key best" /> best on validation
      </figcaption>
    </figure>
  );
});

/** Drawing order: faded trials first, then the running one, the best on top. */
const rank = (id: number, best?: number, current?: number) => (id === best ? 2 : id === current ? 1 : 0);
