import type { BackendInfo } from '../../worker/messages';

/** Which tfjs backend and which adapter actually run the training. */
export function BackendBadge({ info }: { info?: BackendInfo }) {
  if (!info) return <p className="badge muted" data-testid="backend">Backend: chosen when training starts</p>;
  const skipped = info.skipped.map((s) => `${s.name} unavailable: ${s.reason}`).join('\n');
  return (
    <p className="badge" data-testid="backend" data-backend={info.name} title={skipped || undefined}>
      Backend: <strong>{info.name}</strong> · {info.adapter}
      {info.threads && (
        <span data-testid="backend-threads" data-threads={info.threads.threads}>
          {' '}
          · {info.threads.threads} {info.threads.threads === 1 ? 'thread' : 'threads'}
          {info.threads.note && <span className="warn"> ({info.threads.note})</span>}
        </span>
      )}
      {info.software && <span className="warn"> (software adapter: correct but slow)</span>}
      {info.skipped.length > 0 && <span className="warn"> · fell back from {info.skipped.map((s) => s.name).join(', ')}</span>}
      {info.note && <span className="note-inline" data-testid="backend-note"> · {info.note}</span>}
    </p>
  );
}
