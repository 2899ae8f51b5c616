import { useCallback, useEffect, useId, useRef, useState } from 'react';
import './model-views.css';
import { modelStore, type StoredModel } from '../state/model-store';
import { NOTHING_AT_STAKE, type AtStake } from '../state/replace-question';
import { ReplaceConfirm } from '../controls/ReplaceConfirm';
import type { SessionView } from '../state/session-view';
import { useAskFirst } from '../state/use-ask-first';

interface ModelPanelProps {
  state: SessionView;
  /** A run is live (or loading): nothing to save or open now. */
  busy: boolean;
  /** Bumped when a saved model has been put in the store (the list reloads). */
  storeVersion: number;
  /** Saves the kept model, with its ratings or without them. */
  onSave: (withoutRatings: boolean) => void;
  /** Asks what a saved file would hold and weigh (state.saveSizes). */
  onSizes: () => void;
  /** The kept model as a TensorFlow.js LayersModel (a zip download). */
  onExportLayers: () => void;
  onOpen: (file: Blob, name: string) => void;
  onContinue: (epochs: number) => void;
  /** What opening a model (which brings its own data) would replace (atStake): with a trained model or a Tune result, it asks first. */
  stake?: AtStake;
}

const kb = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} kB`);

/** Save the kept model as one file (and a copy in this browser), open one back, continue training it. */
export function ModelPanel({ state, busy, storeVersion, onSave, onSizes, onExportLayers, onOpen, onContinue, stake = NOTHING_AT_STAKE }: ModelPanelProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [stored, setStored] = useState<StoredModel[]>([]);
  const [storeError, setStoreError] = useState<string>();
  const [more, setMore] = useState('5');
  const reload = useCallback(() => {
    modelStore.all().then(setStored, (e: unknown) => setStoreError(`Saved models cannot be listed: ${String(e)}`));
  }, []);
  useEffect(reload, [reload, storeVersion]);
  const { pending, ask, answer } = useAskFirst(stake, busy);
  const open = (file: Blob, name: string) => ask(name, () => onOpen(file, name));
  const canSave = !busy && (state.epochs.length > 0 || state.blend !== undefined);
  const m = state.openedModel;
  const [noRatings, setNoRatings] = useState(false);
  // what a file would hold and weigh, asked again whenever the model to save changes (once per change)
  const modelKey = canSave ? `${state.epochs.length}|${state.blend?.members ?? ''}|${m?.name ?? ''}|${state.phase}` : '';
  const askSizes = useRef(onSizes);
  askSizes.current = onSizes;
  useEffect(() => {
    if (modelKey) askSizes.current();
  }, [modelKey]);
  const sizes = canSave ? state.saveSizes : undefined;
  const leaveOut = noRatings && sizes?.withoutRatings !== undefined;
  return (
    <section className="model-file" aria-labelledby={`${id}-h`} data-testid="model-panel">
      <h3 id={`${id}-h`}>Model file</h3>
      <div className="row actions">
        <button type="button" onClick={() => onSave(leaveOut)} disabled={!canSave}>
          Save model
        </button>
        <button type="button" onClick={() => input.current?.click()} disabled={busy}>
          Open model
        </button>
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          aria-label="Model file to open"
          data-testid="model-input"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) open(f, f.name);
            e.target.value = '';
          }}
        />
      </div>
      <div className="row actions">
        <button type="button" onClick={onExportLayers} disabled={!canSave} aria-describedby={`${id}-tfjs`}>
          Export as TensorFlow.js model
        </button>
      </div>
      <p className="hint" id={`${id}-tfjs`}>
        The network alone as a standard TensorFlow.js model (no ratings; autorec.json says what a row in and out is): load it with tf.loadLayersModel, or convert it to Keras with tensorflowjs_converter.
      </p>
      {state.layersFile && (
        <p className="note" data-testid="layers-exported">
          Exported {state.layersFile}.
        </p>
      )}
      {sizes && (
        <div className="note save-holds" data-testid="save-holds">
          <p>
            The file holds {sizes.holds}: <strong>{sizes.approximate ? 'about ' : ''}{kb(sizes.withRatings)}</strong>. Whoever you share it with gets those ratings. A copy stays in this browser.
          </p>
          <label>
            <input type="checkbox" checked={leaveOut} disabled={sizes.withoutRatings === undefined} onChange={(e) => setNoRatings(e.target.checked)} /> Leave the ratings out
            {sizes.withoutRatings !== undefined ? (
              <>
                : <strong>{sizes.approximate ? 'about ' : ''}{kb(sizes.withoutRatings)}</strong>. It keeps what the {state.blend ? 'networks' : 'network'} made of the ratings (each row's hidden code) and which items each user rated (no ratings), and recommends the same; it cannot be trained
                further, and shows no held-out ratings, no "because you liked" and no item map.
              </>
            ) : (
              <> (not for this model: {sizes.whyNot})</>
            )}
          </label>
        </div>
      )}
      {pending && <ReplaceConfirm question={pending.question} onAnswer={answer} />}
      {state.savedModel && (
        <p className="note" data-testid="model-saved">
          Saved {state.savedModel.name} ({state.savedModel.members ? `Tune's blend of ${state.savedModel.members} networks` : `epoch ${state.savedModel.epoch}`}
          {state.savedModel.withoutRatings ? ', without its ratings' : ''}); a copy is kept in this browser.
        </p>
      )}
      {m?.blend && (
        <p className="note" data-testid="model-opened">
          Opened <strong>{m.name}</strong>: Tune's blend of {m.blend.members} networks{m.blend.refit ? ' refit on training + validation' : ''}. Recommendations use it now; a blend is not trained further.
        </p>
      )}
      {m?.withoutRatings !== undefined && (
        <p className="note" data-testid="model-opened">
          Opened <strong>{m.name}</strong>: {m.withoutRatings}, saved without its ratings. Recommendations use it now; it is not trained further, and shows no held-out ratings, no "because you liked" and no item map.
        </p>
      )}
      {m && !m.blend && m.withoutRatings === undefined && (
        <div className="note" data-testid="model-opened">
          <p>
            Opened <strong>{m.name}</strong>: {m.config.variant}-AutoRec{m.config.model === 'plus' ? '+' : ''}, {m.config.hidden} hidden units, {m.trained} epochs trained, kept epoch {m.keptEpoch}. Recommendations use it now.
          </p>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Math.floor(Number(more));
              if (n >= 1) onContinue(n);
            }}
          >
            <label htmlFor={`${id}-more`}>Epochs more</label>
            <input id={`${id}-more`} type="number" min={1} step={1} value={more} onChange={(e) => setMore(e.target.value)} disabled={busy} />
            <button type="submit" disabled={busy}>
              Continue training
            </button>
          </form>
        </div>
      )}
      {state.modelError && (
        <p role="alert" className="error" data-testid="model-error">
          {state.modelError}
        </p>
      )}
      {storeError && <p className="error">{storeError}</p>}
      {stored.length > 0 && (
        <details className="stored-models">
          <summary>Models kept in this browser ({stored.length})</summary>
          <ul>
            {stored.map((s) => (
              <li key={s.name}>
                <span className="name">{s.name}</span> <span className="muted">{new Date(s.savedAt).toLocaleString()} · {kb(s.size)}</span>{' '}
                <button type="button" disabled={busy} onClick={() => open(s.file, s.name)}>
                  Open
                </button>{' '}
                <button type="button" onClick={() => void modelStore.remove(s.name).then(reload)} aria-label={`Delete ${s.name} from this browser`}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
