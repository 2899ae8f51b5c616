import type { XMode } from './series';
import { Select } from '../controls/Select';
import { Slider } from '../controls/Slider';

interface ChartOptionsProps {
  smoothing: number;
  xMode: XMode;
  onSmoothing: (v: number) => void;
  onXMode: (m: XMode) => void;
  onPng: () => void;
}

export function ChartOptions({ smoothing, xMode, onSmoothing, onXMode, onPng }: ChartOptionsProps) {
  return (
    <div className="chart-options">
      <Slider label="Smoothing" value={smoothing} min={0} max={0.95} step={0.05} format={(v) => v.toFixed(2)} onChange={onSmoothing} />
      <Select label="X axis" value={xMode} options={['epoch', 'seconds'] as const} onChange={onXMode} />
      <button type="button" onClick={onPng}>
        Export chart PNG
      </button>
    </div>
  );
}
