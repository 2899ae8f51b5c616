import { useAppUpdates } from '../state/use-app-updates';

/**
 * One line under the title when a reload would bring something: a new deployed version, or training on every core
 * (the service worker's isolation, when data was loaded before it was ready). Never while a run or Tune is live.
 */
export function UpdateLine({ busy, untouched }: { busy: boolean; untouched: boolean }) {
  const { update, isolate, reload } = useAppUpdates(untouched);
  if (!update && !isolate) return null;
  return (
    <p className="update-line" role="status" data-testid="update-line">
      {update ? 'A new version of AutoRec Studio is ready.' : 'One reload lets training use every core.'}{' '}
      <button type="button" onClick={reload} disabled={busy}>
        {update ? 'Reload to update' : 'Reload'}
      </button>
      {busy && <span className="hint"> after this run</span>}
    </p>
  );
}
