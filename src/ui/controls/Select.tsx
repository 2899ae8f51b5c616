import { useId } from 'react';
import { Tag, useFieldHelp, type SettingTag } from './FieldHelp';

interface SelectProps<T extends string | number> {
  label: string;
  value: T;
  options: readonly T[];
  format?: (v: T) => string;
  /** "live" or "next run", beside the label. */
  tag?: SettingTag;
  /** The explanation behind the "?". */
  help?: string;
  onChange: (v: T) => void;
}

export function Select<T extends string | number>({ label, value, options, format = String, tag, help, onChange }: SelectProps<T>) {
  const id = useId();
  const h = useFieldHelp(id, label, help);
  return (
    <div className="select">
      <label htmlFor={id}>{label}</label>
      <Tag tag={tag} />
      {h.button}
      <select id={id} value={String(value)} aria-describedby={h.describedBy} onChange={(e) => onChange(options.find((o) => String(o) === e.target.value) ?? value)}>
        {options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {format(o)}
          </option>
        ))}
      </select>
      {h.text}
    </div>
  );
}
