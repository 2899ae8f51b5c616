import { useId } from 'react';

interface SliderProps {
  label: string;
  /** A short note beside the label, e.g. "applies live". */
  hint?: string;
  value: number;
  min: number;
  max: number;
  step: number;
  /** 'log': the thumb moves over log10(value), for rates and penalties spanning decades. */
  scale?: 'linear' | 'log';
  format?: (v: number) => string;
  /** A sentence under the slider (also its accessible description). */
  help?: string;
  disabled?: boolean;
  onChange: (v: number) => void;
}

export function Slider({ label, hint, value, min, max, step, scale = 'linear', format = String, help, disabled, onChange }: SliderProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const log = scale === 'log';
  const toPos = (v: number) => (log ? Math.log10(v) : v);
  const fromPos = (p: number) => (log ? Number((10 ** p).toPrecision(3)) : p);
  return (
    <div className="slider">
      <div className="slider-head">
        <label htmlFor={id}>{label}</label>
        {hint && <small className="hint-live">{hint}</small>}
        <output htmlFor={id}>{format(value)}</output>
      </div>
      <input
        id={id}
        type="range"
        min={toPos(min)}
        max={toPos(max)}
        step={step}
        value={toPos(value)}
        disabled={disabled}
        aria-valuetext={format(value)}
        aria-describedby={help ? helpId : undefined}
        onChange={(e) => onChange(fromPos(Number(e.target.value)))}
      />
      {help && (
        <small id={helpId} className="help">
          {help}
        </small>
      )}
    </div>
  );
}
