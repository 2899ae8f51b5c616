import type { XMode } from './series';
import { Select } from '../controls/Select';
import { Slider } from '../controls/Slider';
import { TOP_PANELS, useTopPanel } from './use-top-panel';

interface ChartOptionsProps {
  smoothing: number;
  xMode: XMode;
  onSmoothing: (v: number) => void;
  onXMode: (m: XMode) => void;
  onPng: () => void;
  /** The run's epochs as CSV: offered once the run has an epoch. */
  onCsv?: () => void;
}

/** How the chart draws (smoothing, x axis) and what leaves it: the chart as PNG, the run's epochs as CSV. */
export function ChartOptions({ smoothing, xMode, onSmoothing, onXMode, onPng, onCsv }: ChartOptionsProps) {
  const [top, setTop] = useTopPanel();
  return (
    <div className="chart-options">
      <Select label="Upper panel" value={top} options={TOP_PANELS} onChange={setTop} />
      <Slider label="Smoothing" value={smoothing} min={0} max={0.95} step={0.05} format={(v) => v.toFixed(2)} onChange={onSmoothing} />
      <Select label="X axis" value={xMode} options={['epoch', 'seconds'] as const} onChange={onXMode} />
      <button type="button" onClick={onPng}>
        Export chart PNG
      </button>
      {onCsv && (
        <button type="button" onClick={onCsv}>
          Export run CSV
        </button>
      )}
    </div>
  );
}
