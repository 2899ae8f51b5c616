import { useState, type ReactNode } from 'react';

/** Whether a setting applies to the running run at its next batch ('live') or waits for the next run ('next run'). */
export type SettingTag = 'live' | 'next run';

const TAG_TITLE: Record<SettingTag, string> = {
  live: 'Applies to a running run at its next batch',
  'next run': 'The running run keeps its own: this waits for the next run (or a restart)',
};

/** The short tag beside a setting's label: "live", or "next run" while a run is live. */
export function Tag({ tag }: { tag?: SettingTag }) {
  if (!tag) return null;
  return (
    <small className={tag === 'live' ? 'tag tag-live' : 'tag tag-next'} title={TAG_TITLE[tag]}>
      {tag}
    </small>
  );
}

/**
 * A setting's explanation behind a "?" beside its label (aria-expanded), rather than a paragraph always shown:
 * `button` goes in the label row, `text` under the control; `describedBy` names the text for the control
 * (a closed text still describes it to a screen reader).
 */
export function useFieldHelp(id: string, label: string, help: string | undefined): { button: ReactNode; text: ReactNode; describedBy?: string } {
  const [open, setOpen] = useState(false);
  if (!help) return { button: null, text: null };
  const helpId = `${id}-help`;
  return {
    describedBy: helpId,
    button: (
      <button type="button" className="help-toggle" aria-expanded={open} aria-controls={helpId} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">?</span>
        <span className="sr-only">About {label}</span>
      </button>
    ),
    text: (
      <small id={helpId} className="help" hidden={!open}>
        {help}
      </small>
    ),
  };
}
