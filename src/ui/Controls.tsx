import { BACKENDS, type BackendName } from '../model/config';
import type { TrainConfig } from '../worker/messages';
import { Slider } from './Slider';

interface ControlsProps {
  config: TrainConfig;
  backend: BackendName;
  locked: boolean;
  onConfig: (c: TrainConfig) => void;
  onBackend: (b: BackendName) => void;
}

const sci = (v: number) => v.toExponential(1).replace('e', 'e');

/** Hyper-parameter sliders; they set up the next run (locked while one is running). */
export function Controls({ config, backend, locked, onConfig, onBackend }: ControlsProps) {
  const set = <K extends keyof TrainConfig>(k: K) => (v: TrainConfig[K]) => onConfig({ ...config, [k]: v });
  return (
    <fieldset className="controls" disabled={locked}>
      <legend>Model and training</legend>
      <Slider label="Hidden units" value={config.hidden} min={4} max={1000} step={4} onChange={set('hidden')} />
      <Slider label="Learning rate" value={config.learningRate} min={1e-4} max={0.1} step={0.05} scale="log" format={sci} onChange={set('learningRate')} />
      <Slider label="Epochs" value={config.epochs} min={1} max={200} step={1} onChange={set('epochs')} />
      <Slider label="Dropout" value={config.dropout} min={0} max={0.9} step={0.05} format={(v) => v.toFixed(2)} onChange={set('dropout')} />
      <Slider label="L2 penalty λ" value={config.l2} min={1e-6} max={10} step={0.1} scale="log" format={sci} onChange={set('l2')} />
      <Slider label="Test share" value={config.testRatio} min={0.05} max={0.5} step={0.05} format={(v) => `${Math.round(v * 100)}%`} onChange={set('testRatio')} />
      <label className="select">
        <span>Batch size</span>
        <select value={config.batchSize} onChange={(e) => set('batchSize')(Number(e.target.value))}>
          {[32, 64, 128, 256, 512, 1024].map((b) => (
            <option key={b}>{b}</option>
          ))}
        </select>
      </label>
      <label className="select">
        <span>Backend</span>
        <select value={backend} onChange={(e) => onBackend(e.target.value as BackendName)}>
          {BACKENDS.map((b) => (
            <option key={b}>{b}</option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
