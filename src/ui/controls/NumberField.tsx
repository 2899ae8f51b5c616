import { useId, useState } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  /** Why the value is not allowed, or undefined (src/config/settings checkSetting). */
  check: (v: string) => string | undefined;
  /** Shown beside the label for some values, e.g. "off" for 0. */
  note?: (v: number) => string | undefined;
  disabled?: boolean;
  /** Says why the field is disabled (its title). */
  disabledWhy?: string;
  title?: string;
  onChange: (v: number) => void;
}

/** A whole number typed in: a value passes on once the one validator accepts it; until then the field says why not. */
export function NumberField({ label, value, min, max, check, note, disabled, disabledWhy, title, onChange }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string>();
  const text = draft ?? String(value);
  const why = draft === undefined ? undefined : check(draft);
  const shown = note?.(value);
  return (
    <div className="number-field" title={disabled ? disabledWhy : title}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={disabled ? String(value) : text}
        disabled={disabled}
        aria-invalid={why ? true : undefined}
        onChange={(e) => {
          const v = e.target.value;
          setDraft(v);
          if (!check(v)) onChange(Number(v));
        }}
        onBlur={() => setDraft(undefined)}
      />
      {shown && <small className="hint">{shown}</small>}
      {why && (
        <small role="alert" className="field-error">
          {why}
        </small>
      )}
    </div>
  );
}
