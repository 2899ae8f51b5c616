import { PLUS_ONLY } from '../../../config/settings';
import { SETTINGS } from '../../../config/settings';
import { TUNABLE, type Tunable } from '../../../config/tune-space';
import type { TrainConfig } from '../../../worker/messages';
import { isNumeric, optionsOf, type DimDraft, type SpaceDraft } from './space-draft';

interface SpaceEditorProps {
  busy: boolean;
  /** The settings: AutoRec+'s own dimensions are offered only for that model. */
  config: TrainConfig;
  draft: SpaceDraft;
  onEdit: (k: Tunable, patch: Partial<DimDraft>) => void;
}

/** The search space: per setting, whether it is searched, and its range (with log scale) or its options. */
export function SpaceEditor({ busy, config, draft, onEdit: edit }: SpaceEditorProps) {
  return (
    <fieldset className="tune-space" disabled={busy}>
      <legend>Search space (unticked settings keep the value set under Model settings)</legend>
      <table>
        <tbody>
          {TUNABLE.filter((k) => config.model === 'plus' || !(PLUS_ONLY as readonly string[]).includes(k)).map((k) => {
            const d = draft[k];
            const label = SETTINGS[k].label;
            return (
              <tr key={k} data-dim={k}>
                <th scope="row">
                  <label>
                    <input type="checkbox" checked={d.on} onChange={(e) => edit(k, { on: e.target.checked })} aria-label={`Search ${label}`} />
                    {label}
                  </label>
                </th>
                {isNumeric(k) ? (
                  <td>
                    <input className="range" aria-label={`${label} from`} value={d.min} disabled={!d.on} inputMode="decimal" onChange={(e) => edit(k, { min: e.target.value })} />
                    {' to '}
                    <input className="range" aria-label={`${label} to`} value={d.max} disabled={!d.on} inputMode="decimal" onChange={(e) => edit(k, { max: e.target.value })} />
                    <label className="log">
                      <input type="checkbox" checked={d.log} disabled={!d.on} onChange={(e) => edit(k, { log: e.target.checked })} />
                      log scale
                    </label>
                  </td>
                ) : (
                  <td>
                    {optionsOf(k).map((o) => (
                      <label key={o} className="option">
                        <input
                          type="checkbox"
                          checked={d.options.includes(o)}
                          disabled={!d.on}
                          onChange={(e) => edit(k, { options: e.target.checked ? [...d.options, o] : d.options.filter((x) => x !== o) })}
                        />
                        {o}
                      </label>
                    ))}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}
