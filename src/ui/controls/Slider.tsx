import { useId } from 'react';
import { Tag, useFieldHelp, type SettingTag } from './FieldHelp';

interface SliderProps {
  label: string;
  /** "live" or "next run", beside the label. */
  tag?: SettingTag;
  value: number;
  min: number;
  max: number;
  step: number;
  /** 'log': the thumb moves over log10(value), for rates and penalties spanning decades. */
  scale?: 'linear' | 'log';
  format?: (v: number) => string;
  /** The explanation behind the "?" (also the slider's accessible description). */
  help?: string;
  disabled?: boolean;
  onChange: (v: number) => void;
}

export function Slider({ label, tag, value, min, max, step, scale = 'linear', format = String, help, disabled, onChange }: SliderProps) {
  const id = useId();
  const h = useFieldHelp(id, label, help);
  const log = scale === 'log';
  const toPos = (v: number) => (log ? Math.log10(v) : v);
  const fromPos = (p: number) => (log ? Number((10 ** p).toPrecision(3)) : p);
  return (
    <div className="slider">
      <div className="slider-head">
        <label htmlFor={id}>{label}</label>
        <Tag tag={tag} />
        {h.button}
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
        aria-describedby={h.describedBy}
        onChange={(e) => onChange(fromPos(Number(e.target.value)))}
      />
      {h.text}
    </div>
  );
}
