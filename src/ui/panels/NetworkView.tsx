import { memo } from 'react';
import type { LayerHistogram, LayerStats, NetworkStats } from '../../worker/messages';
import './model-views.css';

const COL = 150;
const NODE_H = 150;
const fmt = (v: number) => (Math.abs(v) >= 100 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : v.toFixed(Math.abs(v) >= 10 ? 1 : 3));
const count = (n: number) => n.toLocaleString('en-US');

/** A histogram as bars, with its range and mean/std under it. */
function Bars({ h, label, color, testId }: { h: LayerHistogram; label: string; color: string; testId?: string }) {
  const W = 128;
  const H = 34;
  const max = Math.max(1, ...h.counts);
  const w = W / h.counts.length;
  return (
    <figure className="layer-hist" data-testid={testId} data-mean={h.mean} data-std={h.std}>
      <figcaption>
        {label}
        <br />
        <span className="muted">
          mean {fmt(h.mean)} · std {fmt(h.std)}
        </span>
      </figcaption>
      <svg width={W} height={H} role="img" aria-label={`${label} histogram from ${fmt(h.min)} to ${fmt(h.max)}`}>
        <rect x={0} y={0} width={W} height={H} fill="#f4f6f9" />
        {h.counts.map((c, k) => (
          <rect key={k} x={k * w + 0.5} y={H - (H * c) / max} width={Math.max(1, w - 1)} height={(H * c) / max} fill={color} />
        ))}
      </svg>
      <div className="hist-range muted">
        <span>{fmt(h.min)}</span>
        <span>{fmt(h.max)}</span>
      </div>
    </figure>
  );
}

/** A column of the diagram: a stack of units (a few drawn, the rest said), its size and activation. */
function Units({ x, units, color, shown = 7 }: { x: number; units: number; color: string; shown?: number }) {
  const k = Math.min(units, shown);
  const gap = NODE_H / (k + (units > k ? 1 : 0));
  return (
    <g>
      {Array.from({ length: k }, (_, i) => (
        <circle key={i} cx={x} cy={18 + gap * (i + 0.5)} r={7} fill={color} stroke="#334" strokeWidth={1} />
      ))}
      {units > k && (
        <text x={x} y={18 + gap * (k + 0.6)} textAnchor="middle" fontSize={14} fill="#334">
          ⋮
        </text>
      )}
    </g>
  );
}

/**
 * The model at a glance, in the spirit of TensorFlow Playground: the input, each hidden layer with its size and
 * activation (dropout on the last), the output; under each layer its weights', biases' and outputs' histograms
 * on the kept model, which move as training goes.
 */
export const NetworkView = memo(function NetworkView({ stats, epoch }: { stats: NetworkStats; epoch: number }) {
  const cols = [{ name: 'input', units: stats.inputs }, ...stats.layers.map((l) => ({ name: l.name, units: l.units }))];
  const width = cols.length * COL;
  const what = stats.variant === 'I' ? ['users', 'item'] : ['items', 'user'];
  const xOf = (k: number) => COL / 2 + k * COL;
  return (
    <section className="network-view" aria-labelledby="h-network" data-testid="network-view" data-epoch={epoch}>
      <h2 id="h-network">The network</h2>
      <p className="rec-note">
        {stats.variant}-AutoRec: each of the {count(stats.rows)} {stats.variant === 'I' ? 'items' : 'users'} is one input row, its ratings by the {count(stats.inputs)} {what[0]}{' '}
        (unrated = 0, masked out of the loss); the network reconstructs the row, and the reconstruction of a missing rating is the prediction. Statistics of the kept
        model at epoch {epoch}.
      </p>
      <div className="network-scroll">
        <svg width={width} height={NODE_H + 60} role="img" aria-label={`Layers: ${cols.map((c) => `${c.name} ${c.units}`).join(', ')}`}>
          {cols.slice(1).map((_, k) => {
            const l = stats.layers[k];
            const thick = Math.min(6, 0.5 + 40 * l.weights.std);
            return (
              <g key={k} opacity={0.55}>
                {[0.2, 0.4, 0.6, 0.8].flatMap((a) =>
                  [0.25, 0.5, 0.75].map((b) => <line key={`${a}-${b}`} x1={xOf(k) + 8} y1={18 + NODE_H * a} x2={xOf(k + 1) - 8} y2={18 + NODE_H * b} stroke={l.weights.mean >= 0 ? '#e07b00' : '#1f6fb5'} strokeWidth={thick} />),
                )}
              </g>
            );
          })}
          {cols.map((c, k) => (
            <g key={c.name} data-testid={`layer-${c.name.replace(' ', '-')}`}>
              <Units x={xOf(k)} units={c.units} color={k === 0 ? '#dfe7f2' : k === cols.length - 1 ? '#d8f0dc' : '#fde7c8'} />
              <text x={xOf(k)} y={NODE_H + 36} textAnchor="middle" fontSize={12} fontWeight={600} fill="#223">
                {c.name} · {count(c.units)}
              </text>
              <text x={xOf(k)} y={NODE_H + 52} textAnchor="middle" fontSize={11} fill="#556">
                {k === 0 ? `${what[0]} of an ${what[1]}` : stats.layers[k - 1].activation}
                {k === cols.length - 2 && stats.dropout > 0 ? ` · dropout ${stats.dropout}` : ''}
              </text>
            </g>
          ))}
        </svg>
        <div className="layer-stats" style={{ width }}>
          <div className="layer-col" style={{ width: COL }}>
            <p className="muted">Edge width: weight spread (σ); colour: sign of the mean weight.</p>
          </div>
          {stats.layers.map((l: LayerStats) => (
            <div key={l.name} className="layer-col" style={{ width: COL }}>
              <Bars h={l.weights} label={`weights ${count(l.inputs)}×${count(l.units)}`} color="#e07b00" testId={`hist-weights-${l.name.replace(' ', '-')}`} />
              <Bars h={l.biases} label="biases" color="#8c6d31" />
              <Bars h={l.activations} label={`outputs (${l.activation})`} color="#2e7d32" testId={`hist-outputs-${l.name.replace(' ', '-')}`} />
            </div>
          ))}
        </div>
      </div>
    </section>
  );
});
