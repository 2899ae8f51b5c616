import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { PLUS_ONLY, SETTINGS } from '../../config/settings';
import { DEFAULT_TUNE, TUNE_RULES, validateTune, type TuneOptions } from '../../config/tune-options';
import { RECIPES } from '../../config/tune-recipe';
import { FOLDS } from '../../config/tune-results';
import { describeModel, leaderboard, leaderboardCsv } from '../../config/tune-report';
import { parseSpace, TUNABLE, type SpaceJson, type Tunable } from '../../config/tune-space';
import type { BackendChoice, TrainConfig, TrialResult } from '../../worker/messages';
import { download } from '../state/download';
import { TuneChart } from '../chart/TuneChart';
import type { useTuner } from '../state/use-tuner';
import './tune.css';

interface TunePanelProps {
  tuner: ReturnType<typeof useTuner>;
  /** The settings a search starts from: what the space does not vary (split, validation share, batch, seed...). */
  config: TrainConfig;
  backend: BackendChoice;
  hasData: boolean;
  /** A normal run is training: a search waits for it to end. */
  runLive: boolean;
  space: SpaceJson;
  onSpace: (s: SpaceJson) => void;
  /** "Use these settings": a trial's settings into the normal controls. */
  onUse: (c: TrainConfig) => void;
}

interface DimDraft {
  on: boolean;
  min: string;
  max: string;
  log: boolean;
  options: string[];
}

const isNumeric = (k: Tunable) => SETTINGS[k].rule.kind !== 'enum';
const optionsOf = (k: Tunable): readonly string[] => {
  const r = SETTINGS[k].rule;
  return r.kind === 'enum' ? r.options : [];
};
const DEFAULT_RANGES: Partial<Record<Tunable, [number, number, boolean]>> = { extraLayers: [0, 2, false] };

/** The editor's rows from a space: dimensions in it are searched, others keep the settings' value. */
function draftOf(space: SpaceJson, config: TrainConfig): Record<Tunable, DimDraft> {
  const out = {} as Record<Tunable, DimDraft>;
  for (const k of TUNABLE) {
    const v = space[k];
    if (isNumeric(k)) {
      const [min, max, log] = v ?? DEFAULT_RANGES[k] ?? [config[k] as number, config[k] as number, false];
      out[k] = { on: v !== undefined, min: String(min), max: String(max), log: log === 'log' || log === true, options: [] };
    } else out[k] = { on: v !== undefined, min: '', max: '', log: false, options: v ? v.map(String) : [String(config[k])] };
  }
  return out;
}

function spaceOf(d: Record<Tunable, DimDraft>): SpaceJson {
  const out: SpaceJson = {};
  for (const k of TUNABLE) {
    const x = d[k];
    if (!x.on) continue;
    out[k] = isNumeric(k) ? [x.min.trim() === '' ? NaN : Number(x.min), x.max.trim() === '' ? NaN : Number(x.max), ...(x.log ? ['log'] : [])] : x.options;
  }
  return out;
}

const fmt = (v: number | string | undefined) => (typeof v === 'number' ? (Math.abs(v) >= 1 || v === 0 ? String(v) : v.toPrecision(3)) : String(v ?? ''));
const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '–');
const secs = (ms: number) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`);
const END_WORDS: Record<TrialResult['end'], string> = {
  'early-stopped': 'early stop',
  completed: 'all epochs',
  pruned: 'halved out',
  diverged: 'diverged',
  budget: 'budget spent',
  stopped: 'stopped',
  refused: 'too big',
  failed: 'failed',
};

/**
 * Tune: pick what to search and its ranges, a budget, and go. The worker runs the search (src/tune);
 * here: the space editor, controls, every trial's validation curve, a live leaderboard with "Use these
 * settings", and the test figure of the chosen model, measured once at the end.
 */
export function TunePanel({ tuner, config, backend, hasData, runLive, space, onSpace, onUse }: TunePanelProps) {
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const { state } = tuner;
  const [draft, setDraft] = useState(() => draftOf(space, config));
  const [budget, setBudget] = useState<Record<keyof TuneOptions, string>>(() => ({ ...Object.fromEntries(Object.entries(DEFAULT_TUNE).map(([k, v]) => [k, String(v)])), minutes: '5' }) as Record<keyof TuneOptions, string>);
  /** 'search' (the space), or a recipe's key: its members trained one after another instead. */
  const [plan, setPlan] = useState<string>('search');
  const recipe = plan === 'search' ? undefined : RECIPES[plan];
  const recipeMembers = useMemo((): { ok: true; value?: TrainConfig[] } | { ok: false; error: string } => {
    try {
      return { ok: true, value: recipe?.members(config) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }, [recipe, config]);
  const members = recipeMembers.ok ? recipeMembers.value : undefined;
  const checkedSpace = useMemo(() => parseSpace(spaceOf(draft)), [draft]);
  // a recipe's budget is its members
  const checkedBudget = useMemo(() => validateTune(recipe ? { ...budget, minutes: 0, trials: members?.length } : budget), [budget, recipe, members]);
  const errors = [...(checkedSpace.ok || recipe ? [] : checkedSpace.errors), ...(checkedBudget.ok ? [] : checkedBudget.errors)];
  if (!recipe && errors.length === 0 && Object.keys(spaceOf(draft)).length === 0) errors.push('tick at least one setting to search');
  if (!recipeMembers.ok) errors.push(recipeMembers.error);
  if (config.validRatio <= 0) errors.push('tuning chooses on the validation split: set a validation share above 0');

  // A valid space goes to the URL (App); one from the URL fills the editor.
  const spaceKey = JSON.stringify(space);
  const sent = useRef(spaceKey);
  useEffect(() => {
    if (spaceKey !== sent.current) setDraft(draftOf(JSON.parse(spaceKey) as SpaceJson, config));
    sent.current = spaceKey;
  }, [spaceKey]);
  const edit = (k: Tunable, patch: Partial<DimDraft>) => {
    const next = { ...draft, [k]: { ...draft[k], ...patch } };
    setDraft(next);
    const json = spaceOf(next);
    if (parseSpace(json).ok) {
      sent.current = JSON.stringify(json);
      onSpace(json);
    }
  };

  const busy = state.phase === 'starting' || state.phase === 'running' || state.phase === 'paused' || state.phase === 'evaluating';
  const canStart = hasData && !busy && !runLive && errors.length === 0;
  const start = () => {
    if (!checkedBudget.ok) return;
    tuner.start(config, spaceOf(draft), checkedBudget.value, backend, recipe?.key);
  };
  const board = useMemo(() => leaderboard(state.trials), [state.trials]);
  const best = board[0] && Number.isFinite(board[0].validRmse) ? board[0] : undefined;
  const searched = state.searched.length > 0 ? state.searched : (Object.keys(spaceOf(draft)) as Tunable[]);
  const { compute } = config;
  const use = useCallback((c: TrainConfig) => onUse({ ...c, compute }), [onUse, compute]);
  // finished trials, and the epochs of the one training now (so the first trial does not read "0.0 s")
  const running = state.current ? (state.epochs[state.current.id] ?? []).reduce((s, e) => s + e.ms, 0) : 0;
  const elapsed = state.trials.reduce((s, r) => s + r.ms, 0) + running;

  return (
    <section className="tune panel-box" aria-labelledby={headingId} data-testid="tune-panel" data-phase={state.phase}>
      <h2 id={headingId}>
        <button type="button" className="disclosure" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} Tune
        </button>
        <small> find the best settings on the validation split; the test set is evaluated once, at the end</small>
      </h2>
      {open && (
        <>
          <fieldset className="tune-plan" disabled={busy}>
            <legend>Plan</legend>
            <label>
              <input type="radio" name="tune-plan" checked={plan === 'search'} onChange={() => setPlan('search')} />
              Search the space below
            </label>
            {Object.values(RECIPES).map((r) => (
              <label key={r.key} title={r.description}>
                <input
                  type="radio"
                  name="tune-plan"
                  checked={plan === r.key}
                  onChange={() => {
                    setPlan(r.key);
                    setBudget({ ...budget, refit: '1' }); // a blend is meant to be refit (untick to test the kept models)
                  }}
                />
                {r.name}
              </label>
            ))}
            <label title={REFIT_HELP}>
              <input type="checkbox" checked={budget.refit === '1'} onChange={(e) => setBudget({ ...budget, refit: e.target.checked ? '1' : '0' })} />
              Refit the chosen models on training + validation before the test
            </label>
            <label title={FIT_HELP}>
              <input type="checkbox" checked={budget.fitBlend === '1'} onChange={(e) => setBudget({ ...budget, fitBlend: e.target.checked ? '1' : '0' })} />
              Weight the models by a fit on validation when cross-validation prefers it
            </label>
            {recipe && members && (
              <p className="hint" data-testid="recipe-text">
                {recipe.description} ({members.length} models; about as long as training each once{budget.refit === '1' ? ', then again for the refit' : ''}.)
              </p>
            )}
          </fieldset>
          {!recipe && (
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
          )}
          <fieldset className="tune-budget" disabled={busy}>
            <legend>{recipe ? 'Budget (each member also stops early on validation)' : 'Budget (whichever comes first; 0 = no limit)'}</legend>
            {(recipe ? (['maxEpochs'] as const) : (['minutes', 'trials', 'maxEpochs', 'patience'] as const)).map((k) => (
              <label key={k}>
                {TUNE_RULES[k].label}
                <input type="number" min={TUNE_RULES[k].rule.min} max={TUNE_RULES[k].rule.max} step={TUNE_RULES[k].rule.kind === 'int' ? 1 : 'any'} value={budget[k]} onChange={(e) => setBudget({ ...budget, [k]: e.target.value })} />
              </label>
            ))}
          </fieldset>
          {errors.length > 0 && (
            <ul className="field-error" role="alert" data-testid="tune-errors">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
          <div className="row actions" role="group" aria-label="Tune controls">
            <button type="button" className="primary" disabled={!canStart} onClick={start}>
              {recipe ? `Train the ${recipe.name}` : 'Start tuning'}
            </button>
            {state.phase === 'paused' ? (
              <button type="button" onClick={tuner.resume}>
                Resume tuning
              </button>
            ) : (
              <button type="button" disabled={state.phase !== 'running'} onClick={tuner.pause}>
                Pause tuning
              </button>
            )}
            <button type="button" disabled={state.phase !== 'running' && state.phase !== 'paused'} onClick={tuner.stop}>
              Stop tuning
            </button>
            <button type="button" disabled={state.trials.length === 0} onClick={() => download('autorec-tune.csv', new Blob([leaderboardCsv(state.trials, searched, state.result && { members: state.result.members, weights: state.result.blend.weights })], { type: 'text/csv' }))}>
              Export leaderboard CSV
            </button>
          </div>
          <p className="tune-status" role="status" data-testid="tune-status">
            {statusOf(state.phase, state.trials.length, state.current?.id, elapsed, runLive, state.refit)}
          </p>
          {state.error && (
            <p role="alert" className="error">
              {state.error}
            </p>
          )}
          {state.result && (
            <div className="tune-result" data-testid="tune-result" data-test-rmse={state.result.testRmse}>
              <p>
                <strong>Test RMSE {f4(state.result.testRmse)}</strong> (MAE {f4(state.result.testMae)}), measured once, after the search, for{' '}
                <span data-testid="reported-model" data-fitted={state.result.blend.fitted}>
                  {describeModel(state.result)}
                </span>
                {state.result.members.length > 1 && ` (better on validation than trial ${state.result.best.id} alone)`}
                {state.result.refit && ', each refit on training + validation for the epochs it kept'}.
              </p>
              <p className="hint">
                Validation RMSE {f4(state.result.validRmse)}
                {state.result.blend.fitted && ` (cross-validated: each of ${FOLDS} parts of the validation ratings predicted with weights fitted on the others)`}
                {state.result.members.length > 1 && ` (best trial alone ${f4(state.result.bestValidRmse)})`}; {state.result.trials} trials in {state.result.minutes.toFixed(1)} min. No trial saw the test set.
              </p>
              {state.result.validBySize.length > 1 && (
                <p className="hint" data-testid="valid-by-size">
                  Validation RMSE of the average of the best k trials: {state.result.validBySize.map((v, k) => `${k + 1}: ${f4(v)}`).join(' · ')}
                  {state.result.fittedValidRmse !== undefined && ` · all ${state.result.validBySize.length} with weights fitted on validation: ${f4(state.result.fittedValidRmse)}`}
                </p>
              )}
            </div>
          )}
          {Object.keys(state.epochs).length > 0 && <TuneChart epochs={state.epochs} best={best?.id} current={state.current?.id} rungs={state.rungs} />}
          {board.length > 0 && <Leaderboard board={board} searched={searched} best={best?.id} members={state.result?.members} weights={state.result?.blend.weights} onUse={use} />}
        </>
      )}
    </section>
  );
}

interface LeaderboardProps {
  board: TrialResult[];
  searched: Tunable[];
  best?: number;
  /** The trials blended for the reported model. */
  members?: number[];
  /** Each member's weight in the reported model (same order as members; absent before the result). */
  weights?: readonly number[];
  onUse: (c: TrainConfig) => void;
}

/** Trials by validation RMSE; redrawn when a trial ends, not with every epoch. */
const Leaderboard = memo(function Leaderboard({ board, searched, best, members = [], weights, onUse }: LeaderboardProps) {
  return (
    <div className="tune-board">
      <table data-testid="tune-leaderboard">
        <caption>Leaderboard: trials by validation RMSE at their kept epoch</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">use</span>
            </th>
            <th scope="col">#</th>
            <th scope="col">trial</th>
            {searched.map((k) => (
              <th scope="col" key={k}>
                {SETTINGS[k].label}
              </th>
            ))}
            <th scope="col">valid RMSE</th>
            {weights && (
              <th scope="col" title="The trial's weight in the reported model (an average: equal weights; blank: not in it)">
                weight
              </th>
            )}
            <th scope="col">epochs</th>
            <th scope="col">time</th>
            <th scope="col">ended</th>
          </tr>
        </thead>
        <tbody>
          {board.map((r, i) => (
            <tr
              key={r.id}
              data-testid="tune-row"
              data-trial={r.id}
              data-tensors={r.tensors}
              data-gpu-bytes={r.gpuBytes ?? ''}
              data-tensor-bytes={r.tensorBytes}
              className={`${r.id === best ? 'best' : ''}${members.includes(r.id) ? ' member' : ''}`}
            >
              <td className="use">
                <button type="button" onClick={() => onUse(r.config)} aria-label={`Use these settings (trial ${r.id})`}>
                  Use these settings
                </button>
              </td>
              <td>{i + 1}</td>
              <td>{r.id}</td>
              {searched.map((k) => (
                <td key={k} data-key={k} data-value={String(r.values[k] ?? r.config[k])}>
                  {fmt(r.values[k] ?? r.config[k])}
                </td>
              ))}
              <td data-testid="valid-rmse" data-value={r.validRmse}>
                {f4(r.validRmse)}
              </td>
              {weights && (
                <td data-testid="blend-weight">{members.includes(r.id) ? weights[members.indexOf(r.id)].toFixed(3) : ''}</td>
              )}
              <td title="kept epoch / epochs trained">
                {r.bestEpoch}/{r.epochs}
              </td>
              <td>{secs(r.ms)}</td>
              <td title={r.message}>{END_WORDS[r.end]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

const FIT_HELP = `Besides plain averages of the best models, a blend with weights (and an offset) fitted by least squares on the validation ratings; it is chosen only when its ${FOLDS}-fold cross-validated validation RMSE is lower. It corrects models that shrink their predictions towards the mean. With refit, the weights fitted for the kept models are applied to the refit ones.`;
const REFIT_HELP =
  'After choosing on validation, each chosen model is trained again from its seed on the training and validation ratings together, for as many epochs as it kept, and those models are tested: more data for the final models, the choice still made on validation.';

function statusOf(phase: string, done: number, current: number | undefined, ms: number, runLive: boolean, refit?: { id: number; epoch: number; epochs: number }): string {
  switch (phase) {
    case 'idle':
      return runLive ? 'A run is training: stop it to tune.' : 'Not tuning.';
    case 'starting':
      return 'Starting the search…';
    case 'running':
      return `Tuning: ${done} trials done${current ? `, trial ${current} training` : ''} (${secs(ms)} of training so far).`;
    case 'paused':
      return `Tuning paused after ${done} trials${current ? ` (trial ${current} paused)` : ''}.`;
    case 'evaluating':
      if (refit && refit.epoch < refit.epochs) return `Search over (${done} trials): refitting trial ${refit.id} on training + validation, epoch ${refit.epoch} of ${refit.epochs}.`;
      return `Search over (${done} trials): evaluating the chosen model on the test set, once.`;
    case 'finished':
      return `Tuning finished: ${done} trials.`;
    default:
      return `Tuning stopped after ${done} trials.`;
  }
}
