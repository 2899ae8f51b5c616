import { useEffect, useRef } from 'react';

/**
 * Space calls `toggle` (play/pause), unless a form control that types or presses with Space has the focus: on a
 * slider it still pauses, so a person nudging a slider with the arrow keys pauses and resumes without the mouse.
 */
export function useSpaceKey(toggle: () => void): void {
  const toggleRef = useRef(toggle);
  toggleRef.current = toggle;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      const slider = t instanceof HTMLInputElement && t.type === 'range';
      if (e.code !== 'Space' || (!slider && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.tagName)) || t.isContentEditable) return;
      e.preventDefault();
      toggleRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
