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
}

export function ChartOptions({ smoothing, xMode, onSmoothing, onXMode, onPng }: ChartOptionsProps) {
  const [top, setTop] = useTopPanel();
  return (
    <div className="chart-options">
      <Select label="Upper panel" value={top} options={TOP_PANELS} onChange={setTop} />
      <Slider label="Smoothing" value={smoothing} min={0} max={0.95} step={0.05} format={(v) => v.toFixed(2)} onChange={onSmoothing} />
      <Select label="X axis" value={xMode} options={['epoch', 'seconds'] as const} onChange={onXMode} />
      <button type="button" onClick={onPng}>
        Export chart PNG
      </button>
    </div>
  );
}
