import { useId, useState } from 'react';
import { Tag, useFieldHelp, type SettingTag } from './FieldHelp';

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
  /** "live" or "next run", beside the label. */
  tag?: SettingTag;
  /** The explanation behind the "?". */
  help?: string;
  /**
   * The value passes on at Enter or when the field is left, not at each key: a live setting typed digit by
   * digit would act on each partial number (a cap of 3 on the way to 30 ends the run).
   */
  settle?: boolean;
  onChange: (v: number) => void;
}

/** A whole number typed in: a value passes on once the one validator accepts it; until then the field says why not. */
export function NumberField({ label, value, min, max, check, note, disabled, disabledWhy, title, tag, help, settle = false, onChange }: NumberFieldProps) {
  const id = useId();
  const h = useFieldHelp(id, label, help);
  const [draft, setDraft] = useState<string>();
  const text = draft ?? String(value);
  const why = draft === undefined ? undefined : check(draft);
  const shown = note?.(value);
  const commit = () => {
    if (draft !== undefined && !check(draft) && Number(draft) !== value) onChange(Number(draft));
  };
  return (
    <div className="number-field" title={disabled ? disabledWhy : title}>
      <label htmlFor={id}>{label}</label>
      <Tag tag={tag} />
      {h.button}
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
        aria-describedby={h.describedBy}
        onChange={(e) => {
          const v = e.target.value;
          setDraft(v);
          if (!settle && !check(v)) onChange(Number(v));
        }}
        onKeyDown={(e) => {
          if (settle && e.key === 'Enter') commit();
        }}
        onBlur={() => {
          if (settle) commit();
          setDraft(undefined);
        }}
      />
      {shown && <small className="hint">{shown}</small>}
      {settle && draft !== undefined && !why && Number(draft) !== value && <small className="hint">Enter to apply</small>}
      {why && (
        <small role="alert" className="field-error">
          {why}
        </small>
      )}
      {h.text}
    </div>
  );
}
