import { useEffect, useId, useRef } from 'react';
import './replace-confirm.css';
import type { ReplaceQuestion } from '../state/replace-question';

interface ReplaceConfirmProps {
  question: ReplaceQuestion;
  onAnswer: (replace: boolean) => void;
}

/**
 * The question before new data replaces a trained model, inline where the person dropped or chose it:
 * an alertdialog that takes the focus (on Keep, the choice that loses nothing); Escape keeps; the focus
 * goes back to where it was once answered.
 */
export function ReplaceConfirm({ question, onAnswer }: ReplaceConfirmProps) {
  const id = useId();
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    keep.current?.focus();
    return () => {
      if (before?.isConnected && !(before as HTMLInputElement).disabled) before.focus();
    };
  }, [question]);
  return (
    <div
      className="replace-confirm"
      role="alertdialog"
      aria-labelledby={`${id}-q`}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        onAnswer(false);
      }}
    >
      <p id={`${id}-q`}>{question.text}</p>
      <div className="row">
        <button type="button" onClick={() => onAnswer(true)}>
          {question.replace}
        </button>
        <button type="button" ref={keep} className="primary" onClick={() => onAnswer(false)}>
          {question.keep}
        </button>
      </div>
    </div>
  );
}
