import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface TabSpec {
  /** Stable key, also the tab's data-tab. */
  id: string;
  label: string;
  /** What the panel holds; a function is told whether its tab is picked (to leave out what only a picked tab needs). */
  content: ReactNode | ((picked: boolean) => ReactNode);
}

/**
 * A tab list (role tablist/tab/tabpanel): one panel shown, the others kept mounted but hidden, so what they
 * hold (a search's form, a scrolled table) is still there when their tab is picked again. Arrow keys, Home
 * and End move between tabs and pick them, as the ARIA practices' tabs with automatic activation do.
 */
export function Tabs({ label, tabs, initial }: { label: string; tabs: TabSpec[]; initial?: string }) {
  const id = useId();
  const [picked, setPicked] = useState(initial ?? tabs[0]?.id);
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const current = tabs.some((t) => t.id === picked) ? picked : tabs[0]?.id;
  const pick = (k: number) => {
    const t = tabs[(k + tabs.length) % tabs.length];
    setPicked(t.id);
    refs.current.get(t.id)?.focus();
  };
  const onKey = (e: KeyboardEvent, k: number) => {
    const to = { ArrowRight: k + 1, ArrowLeft: k - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    pick(to);
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list">
        {tabs.map((t, k) => (
          <button
            key={t.id}
            ref={(el) => void (el ? refs.current.set(t.id, el) : refs.current.delete(t.id))}
            type="button"
            role="tab"
            id={`${id}-tab-${t.id}`}
            data-tab={t.id}
            aria-selected={t.id === current}
            aria-controls={`${id}-panel-${t.id}`}
            tabIndex={t.id === current ? 0 : -1}
            onClick={() => setPicked(t.id)}
            onKeyDown={(e) => onKey(e, k)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div key={t.id} role="tabpanel" id={`${id}-panel-${t.id}`} aria-labelledby={`${id}-tab-${t.id}`} className="tab-panel" hidden={t.id !== current}>
          {typeof t.content === 'function' ? t.content(t.id === current) : t.content}
        </div>
      ))}
    </div>
  );
}
