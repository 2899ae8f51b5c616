import { useCallback, useId, useMemo } from 'react';
import { leaderboard, leaderboardCsv } from '../../../config/tune-report';
import type { SpaceJson, Tunable } from '../../../config/tune-space';
import type { BackendChoice, TrainConfig } from '../../../worker/messages';
import { exportName } from '../../../data/source-name';
import { download } from '../../state/download';
import { TuneChart } from '../../chart/TuneChart';
import type { useTuner } from '../../state/use-tuner';
import { BudgetFields } from './BudgetFields';
import { Leaderboard } from './Leaderboard';
import { PlanChoice } from './PlanChoice';
import { SpaceEditor } from './SpaceEditor';
import { spaceOf } from './space-draft';
import { TuneControls } from './TuneControls';
import { TuneResult } from './TuneResult';
import { TuneStatus } from './TuneStatus';
import { useTuneForm } from './use-tune-form';
import './tune.css';

interface TunePanelProps {
  /** Its tab is picked: the form, the search's chart and leaderboard are laid out (the search runs on either way). */
  open: boolean;
  tuner: ReturnType<typeof useTuner>;
  /** The settings a search starts from: what the space does not vary (split, validation share, batch, seed...). */
  config: TrainConfig;
  backend: BackendChoice;
  hasData: boolean;
  /** The data loaded now (its source): a search of other data shows greyed, named after its own. */
  dataset?: string;
  /** A normal run is training: a search waits for it to end. */
  runLive: boolean;
  space: SpaceJson;
  onSpace: (s: SpaceJson) => void;
  /** "Use these settings": a trial's settings into the normal controls. */
  onUse: (c: TrainConfig) => void;
}

/**
 * Tune: pick what to search and its ranges, a budget, and go. The worker runs the search (src/tune);
 * here: the space editor, controls, every trial's validation curve, a live leaderboard with "Use these
 * settings", and the test figure of the chosen model, measured once at the end.
 */
export function TunePanel({ open, tuner, config, backend, hasData, dataset, runLive, space, onSpace, onUse }: TunePanelProps) {
  const headingId = useId();
  const { state } = tuner;
  const form = useTuneForm(config, space, onSpace);
  const { draft, recipe, errors } = form;

  const busy = state.phase === 'starting' || state.phase === 'running' || state.phase === 'paused' || state.phase === 'evaluating';
  const canStart = hasData && !busy && !runLive && errors.length === 0;
  const start = () => {
    if (!form.checkedBudget.ok) return;
    tuner.start(config, spaceOf(draft), form.checkedBudget.value, backend, recipe?.key, dataset);
  };
  const board = useMemo(() => leaderboard(state.trials), [state.trials]);
  const stale = state.dataset !== undefined && dataset !== state.dataset;
  const best = board[0] && Number.isFinite(board[0].validRmse) ? board[0] : undefined;
  const searched = state.searched.length > 0 ? state.searched : (Object.keys(spaceOf(draft)) as Tunable[]);
  const { compute } = config;
  const use = useCallback((c: TrainConfig) => onUse({ ...c, compute }), [onUse, compute]);
  const exportCsv = () =>
    download(exportName(state.dataset ?? 'ratings', 'tune', 'csv'), new Blob([leaderboardCsv(state.trials, searched, state.result && { members: state.result.members, weights: state.result.blend.weights })], { type: 'text/csv' }));

  return (
    <section className="tune panel-box" aria-labelledby={headingId} data-testid="tune-panel" data-phase={state.phase}>
      <h2 id={headingId}>
        Tune <small> find the best settings on the validation split; the test set is evaluated once, at the end</small>
      </h2>
      {open && (
        <>
          <PlanChoice busy={busy} plan={form.plan} onPlan={form.setPlan} recipe={recipe} members={form.members} budget={form.budget} onBudget={form.setBudget} />
          {!recipe && <SpaceEditor busy={busy} config={config} draft={draft} onEdit={form.edit} />}
          <BudgetFields busy={busy} recipe={!!recipe} budget={form.budget} onBudget={form.setBudget} />
          {errors.length > 0 && (
            <ul className="field-error" role="alert" data-testid="tune-errors">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
          <TuneControls
            phase={state.phase}
            recipeName={recipe?.name}
            canStart={canStart}
            onStart={start}
            onPause={tuner.pause}
            onResume={tuner.resume}
            onStop={tuner.stop}
            hasTrials={state.trials.length > 0}
            onExportCsv={exportCsv}
          />
          <TuneStatus state={state} runLive={runLive} />
          {state.error && (
            <p role="alert" className="error">
              {state.error}
            </p>
          )}
          {/* a search of other data than the loaded one: greyed and named, its figures are not this data's */}
          <div className={stale ? 'tune-of-other-data' : undefined} data-testid="tune-of" data-dataset={state.dataset} data-stale={stale}>
            {stale && (
              <p className="note" data-testid="tune-other-data">
                This search ran on {state.dataset}, not on the data loaded now ({dataset}): its figures and settings are that data's.
              </p>
            )}
            {state.result && <TuneResult result={state.result} dataset={state.dataset} />}
            {Object.keys(state.epochs).length > 0 && <TuneChart epochs={state.epochs} best={best?.id} current={state.current?.id} rungs={state.rungs} />}
            {board.length > 0 && <Leaderboard board={board} searched={searched} best={best?.id} members={state.result?.members} weights={state.result?.blend.weights} onUse={use} />}
          </div>
        </>
      )}
    </section>
  );
}
