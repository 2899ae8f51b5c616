import { startTransition, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { BackendChoice, TrainConfig } from '../config/config';
import { SETTING_KEYS, SETTINGS } from '../config/settings';
import { BackendBadge } from './panels/BackendBadge';
import { ChartOptions } from './chart/ChartOptions';
import { Controls } from './controls/Controls';
import { DatasetPanel, RunDetails } from './panels/DatasetPanel';
import { download, svgsToPng } from './state/download';
import { DropZone } from './controls/DropZone';
import { EpochTable } from './panels/EpochTable';
import { ExportAll } from './panels/ExportAll';
import { ItemMap } from './panels/ItemMap';
import { NetworkView } from './panels/NetworkView';
import { ModelPanel } from './panels/ModelPanel';
import { modelStore } from './state/model-store';
import { Readouts } from './panels/Readouts';
import { RecommendPanel } from './panels/RecommendPanel';
import { BLOCKED_ID, RunButtons } from './controls/RunButtons';
import { RunHistory } from './panels/RunHistory';
import { runCsv, runLabel, runSettings, type RunRecord } from './state/runs';
import type { XMode } from './chart/series';
import { SplitPicker } from './controls/SplitPicker';
import { TrainingChart } from './chart/TrainingChart';
import { leaderboardCsv } from '../config/tune-report';
import { RECIPES } from '../config/tune-recipe';
import { TunePanel } from './panels/TunePanel';
import { configToQuery, queryToConfig, queryToSpace, spaceToQuery } from './state/url-state';
import { useRunHistory } from './state/use-run-history';
import { useSameArray } from './state/use-same-array';
import { useTrainer } from './state/use-trainer';
import { useTuner } from './state/use-tuner';

const fromUrl = queryToConfig(window.location.search);
const spaceFromUrl = queryToSpace(window.location.search);

/** How long the settings rest before the worker is asked for their memory plan. */
const PLAN_DEBOUNCE_MS = 150;

/**
 * What differs between the settings of the run (as it started) and `now`, in words ("hidden units 16 → 24"):
 * what a restart would change. The learning rate applies live, so it never needs one.
 */
function changedSettings(was: { config: TrainConfig; backend: BackendChoice }, now: { config: TrainConfig; backend: BackendChoice }): string[] {
  const words = SETTING_KEYS.filter((k) => k !== 'learningRate' && was.config[k] !== now.config[k]).map(
    (k) => `${SETTINGS[k].label} ${String(was.config[k])} → ${String(now.config[k])}`,
  );
  if (was.backend !== now.backend) words.push(`backend ${was.backend} → ${now.backend}`);
  return words;
}

export function App() {
  // A saved model file downloads, and a copy is kept in this browser (IndexedDB) under its name.
  const [storeVersion, setStoreVersion] = useState(0);
  const onModelFile = useCallback((name: string, bytes: Uint8Array) => {
    const file = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
    download(name, file);
    void modelStore.put({ name, savedAt: Date.now(), size: file.size, file }).then(() => setStoreVersion((v) => v + 1));
  }, []);
  const onExportFile = useCallback((name: string, file: Blob) => download(name, file), []);
  const trainer = useTrainer(onModelFile, onExportFile);
  const { state } = trainer;
  const history = useRunHistory();
  const [config, setConfig] = useState<TrainConfig>(fromUrl.config);
  const [backend, setBackend] = useState<BackendChoice>(fromUrl.backend);
  const [smoothing, setSmoothing] = useState(0);
  const [xMode, setXMode] = useState<XMode>('epoch');
  /** Bad values in the link the page was opened with: said once, until dismissed. */
  const [urlIgnored, setUrlIgnored] = useState([...fromUrl.ignored, ...spaceFromUrl.ignored]);
  const tuner = useTuner(trainer);
  const [space, setSpace] = useState(spaceFromUrl.space);
  const spaceRef = useRef(space);
  spaceRef.current = space;
  const current = useRef<{ id: string; createdAt: number; config: TrainConfig; backend: BackendChoice; dataset: string } | undefined>(undefined);
  const live = state.phase === 'starting' || state.phase === 'running' || state.phase === 'paused' || state.phase === 'resetting';
  const running = state.phase === 'running' || state.phase === 'paused';
  const presetSplits = state.dataset?.presetSplits;
  const runConfig = useMemo(
    () => (['random', 'file', ...(presetSplits ?? [])].includes(config.split) ? config : { ...config, split: 'random' }),
    [config, presetSplits],
  );
  const settingsKey = configToQuery(runConfig, backend);

  useEffect(() => {
    window.history.replaceState(null, '', `?${configToQuery(config, backend)}${spaceToQuery(space)}`);
  }, [config, backend, space]);

  // A run that ends joins the history (and IndexedDB) once.
  const { phase, epochs } = state;
  const { save } = history;
  useEffect(() => {
    const c = current.current;
    if (!c || (phase !== 'finished' && phase !== 'stopped') || epochs.length === 0) return;
    startTransition(() => save({ ...c, backend: state.backend?.name ?? c.backend, epochs, visible: true, pinned: false }));
  }, [phase, epochs, save, state.backend]);

  // A search that ends with a reported model joins the history (and IndexedDB) once, as its best trial's settings and curve.
  const tuneResult = tuner.state.result;
  const tuneState = useRef(tuner.state);
  tuneState.current = tuner.state;
  useEffect(() => {
    if (!tuneResult) return;
    const t = tuneState.current;
    const now = Date.now();
    const best = tuneResult.best;
    const record: RunRecord = {
      id: `tune-${now}`,
      createdAt: now,
      dataset: state.dataset?.source ?? '',
      backend: state.backend?.name ?? backend,
      config: best.config,
      epochs: t.epochs[best.id] ?? [],
      visible: false,
      pinned: false,
      tune: { space: spaceRef.current, searched: t.searched, trials: t.trials, bestTrial: best.id, members: tuneResult.members, fitted: tuneResult.blend.fitted, weights: [...tuneResult.blend.weights], validRmse: tuneResult.validRmse, testRmse: tuneResult.testRmse, minutes: tuneResult.minutes, ...(t.recipe && { recipe: RECIPES[t.recipe]?.name ?? t.recipe }), refit: tuneResult.refit },
    };
    startTransition(() => save(record));
  }, [tuneResult, save]);

  // The memory plan of these settings, asked for (debounced) whenever the data, the settings or the backend change.
  const { plan: askPlan } = trainer;
  const dataset = state.dataset;
  const planFor = useRef({ config: runConfig, backend });
  planFor.current = { config: runConfig, backend };
  useEffect(() => {
    if (!dataset) return;
    const t = setTimeout(() => askPlan(planFor.current.config, planFor.current.backend), PLAN_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [dataset, settingsKey, state.backend, askPlan]);
  const shownPlan = state.plan;
  const planCurrent = shownPlan !== undefined && configToQuery(shownPlan.config, shownPlan.backend) === settingsKey;
  /** Why these settings cannot start (from the plan made for them): Start and Restart stay off and say so. */
  const tunePhase = tuner.state.phase;
  const tuning = tunePhase === 'starting' || tunePhase === 'running' || tunePhase === 'paused' || tunePhase === 'evaluating';
  const blocked = (planCurrent ? shownPlan.plan.refusal : undefined) ?? (tuning ? 'A search is running (Tune): stop it, or let it finish, to start a run.' : undefined);

  // Settings changed since the run shown started: its details stay, the plan for the next run shows beside them.
  const shownRun = state.run ? current.current : undefined;
  const changes = useMemo(() => (shownRun ? changedSettings(shownRun, { config: runConfig, backend }) : []), [shownRun, runConfig, backend]);

  const startWith = (c: TrainConfig, b: BackendChoice) => {
    const now = Date.now();
    current.current = { id: `run-${now}`, createdAt: now, config: c, backend: b, dataset: state.dataset?.source ?? '' };
    trainer.start(c, b);
  };
  const start = () => startWith(runConfig, backend);

  // Restart with these settings: stop the live run (within a batch), let it end and join the history like any
  // stopped run, then start the new one.
  const [restartTo, setRestartTo] = useState<{ config: TrainConfig; backend: BackendChoice }>();
  const restart = () => {
    setRestartTo({ config: runConfig, backend });
    trainer.stop();
  };
  const restartRef = useRef(startWith);
  restartRef.current = startWith;
  useEffect(() => {
    if (!restartTo || (phase !== 'finished' && phase !== 'stopped')) return;
    setRestartTo(undefined);
    restartRef.current(restartTo.config, restartTo.backend);
  }, [phase, restartTo]);
  const reset = () => {
    setRestartTo(undefined);
    trainer.reset();
  };

  // A test file that arrives with the data (u1.base + u1.test dropped together) becomes the test set at once.
  const testSource = state.dataset?.testFile?.source;
  const seenTestSource = useRef(testSource);
  useEffect(() => {
    if (testSource === seenTestSource.current) return;
    seenTestSource.current = testSource;
    if (testSource) setConfig((c) => (c.split === 'file' ? c : { ...c, split: 'file' }));
  }, [testSource]);

  // Space toggles play/pause, unless a form control has the focus.
  const toggleRef = useRef<() => void>(() => {});
  toggleRef.current = () => {
    if (phase === 'running') trainer.pause();
    else if (phase === 'paused') trainer.resume();
    else if (state.dataset && !blocked && (phase === 'ready' || phase === 'finished' || phase === 'stopped')) start();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.code !== 'Space' || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.tagName) || t.isContentEditable) return;
      e.preventDefault();
      toggleRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const { setLearningRate } = trainer;
  const changeConfig = useCallback(
    (c: TrainConfig) => {
      if (live && c.learningRate !== config.learningRate) setLearningRate(c.learningRate);
      setConfig(c);
    },
    [live, config.learningRate, setLearningRate],
  );
  const exportPng = async () => {
    const svgs = [...document.querySelectorAll<SVGSVGElement>('[data-testid="chart"] svg.recharts-surface')];
    download('autorec-chart.png', await svgsToPng(svgs));
  };
  const csv = (r: Pick<RunRecord, 'epochs' | 'tune'>, name: string) =>
    download(name, new Blob([r.tune ? leaderboardCsv(r.tune.trials, r.tune.searched, r.tune.weights && { members: r.tune.members, weights: r.tune.weights }) : runCsv(r.epochs)], { type: 'text/csv' }));
  const json = (r: RunRecord) => download(`autorec-settings-${r.id}.json`, new Blob([JSON.stringify(runSettings(r), null, 2)], { type: 'application/json' }));
  const currentId = state.epochs.length === 0 ? undefined : current.current?.id;
  const shownHistory = useSameArray(useMemo(() => history.runs.filter((r) => r.id !== currentId), [history.runs, currentId]));
  // A run that joins the faded ones redraws the Recharts part of the chart: not in the task of the click that starts the next run.
  const chartHistory = useDeferredValue(shownHistory);

  return (
    <div className="app">
      <header>
        <h1>AutoRec Studio</h1>
        <p className="tagline">Train an AutoRec recommender on your ratings, live, in your browser on your own machine. Nothing leaves this tab.</p>
      </header>
      {/* In the order a phone shows them: data, run, the chart, then run details and settings. Wider screens put all but the chart in a left column. */}
      <main className="layout">
        <section className="area-data" aria-labelledby="h-data">
          <h2 id="h-data">Data</h2>
          <DropZone disabled={live || state.phase === 'loading'} onFile={trainer.loadFile} onDemo={trainer.loadDemo} />
          <DatasetPanel summary={state.dataset} progress={state.progress} error={state.loadError} />
          <ModelPanel
            state={state}
            busy={live || state.phase === 'loading'}
            storeVersion={storeVersion}
            onSave={trainer.saveModel}
            onOpen={(file, name) => trainer.openModel(file, name, backend)}
            onContinue={(more) => {
              const m = state.openedModel;
              const now = Date.now();
              if (m) current.current = { id: `run-${now}`, createdAt: now, config: m.config, backend, dataset: state.dataset?.source ?? '' };
              trainer.continueModel(more);
            }}
          />
        </section>
        <section className="area-run" aria-labelledby="h-run">
          <h2 id="h-run">Run</h2>
          <RunButtons {...trainer} reset={reset} onStart={start} blocked={blocked} />
          {/* Below the buttons: what it says grows as a backend starts, and must not move them. */}
          <BackendBadge info={state.backend} />
          {state.trainError && (
            <div role="alert" className="error">
              {state.trainError}
              {state.resumeFrom !== undefined && (
                <button type="button" onClick={() => trainer.resumeOn(backend)}>
                  Continue from epoch {state.resumeFrom} on {backend}
                </button>
              )}
            </div>
          )}
        </section>
        <div className="area-work">
          <section className="area-training" aria-labelledby="h-training">
            <h2 id="h-training">Training</h2>
            <Readouts epochs={state.epochs} patience={state.epochs.length > 0 ? current.current?.config.patience : undefined} />
            <TrainingChart
              epochs={state.epochs}
              history={chartHistory}
              baselines={state.run?.baselines}
              smoothing={smoothing}
              xMode={xMode}
              maxEpochs={config.epochs}
              dataset={state.dataset?.source}
              label={current.current && state.epochs.length > 0 ? runLabel(current.current.config, state.backend?.name ?? current.current.backend, state.epochs) : undefined}
            />
            <ChartOptions smoothing={smoothing} xMode={xMode} onSmoothing={setSmoothing} onXMode={setXMode} onPng={() => void exportPng()} />
            {state.epochs.length > 0 && (
              <div className="row actions">
                <button type="button" onClick={() => csv(state, 'autorec-run.csv')}>
                  Export run CSV
                </button>
              </div>
            )}
          </section>
          <TunePanel
            tuner={tuner}
            config={runConfig}
            backend={backend}
            hasData={!!state.dataset}
            runLive={live}
            space={space}
            onSpace={setSpace}
            onUse={setConfig}
          />
          <RunHistory
            runs={history.runs}
            dataset={state.dataset?.source}
            onToggle={history.toggle}
            onPin={history.pin}
            onRemove={history.remove}
            onCsv={(r) => csv(r, `autorec-${r.id}.csv`)}
            onJson={json}
            onLoadSettings={(r) => (setConfig(r.config), setBackend(r.backend))}
          />
          {history.error && <p className="error">{history.error}</p>}
          {state.epochs.length > 0 && state.phase !== 'running' && state.phase !== 'starting' && (
            <>
              <RecommendPanel result={state.recommendations} error={state.recommendError} onAsk={trainer.recommend} />
              <ExportAll state={state} onExport={trainer.exportAll} />
            </>
          )}
          {state.view && <NetworkView stats={state.view.network} epoch={state.view.epoch} />}
          {state.view && state.itemInfo && <ItemMap view={state.view} info={state.itemInfo} neighbours={state.neighbours} onPick={trainer.neighbours} />}
          <EpochTable epochs={state.epochs} />
        </div>
        {(shownPlan || state.run) && (
          <section className="area-details" aria-labelledby="h-details">
            <h2 id="h-details">Run details</h2>
            <RunDetails plan={!state.run || changes.length > 0 ? shownPlan?.plan : undefined} planPending={!planCurrent} run={state.run} />
          </section>
        )}
        <section className="area-settings" aria-labelledby="h-settings">
          <h2 id="h-settings">Model settings</h2>
          {urlIgnored.length > 0 && (
            <div className="note url-ignored" role="status" data-testid="url-ignored">
              <button type="button" className="dismiss" aria-label="Dismiss the note on ignored link settings" onClick={() => setUrlIgnored([])}>
                ✕
              </button>
              <p>Some settings in the link were not valid; they keep their default:</p>
              <ul>
                {urlIgnored.map((why) => (
                  <li key={why}>{why}</li>
                ))}
              </ul>
            </div>
          )}
          <Controls config={config} backend={backend} live={live} onConfig={changeConfig} onBackend={setBackend} />
          {state.dataset && (
            <SplitPicker
              summary={state.dataset}
              split={config.split}
              testRatio={config.testRatio}
              splitSeed={config.splitSeed}
              validRatio={config.validRatio}
              disabled={state.phase === 'loading'}
              fileLocked={live}
              onSplit={(split) => setConfig({ ...config, split })}
              onTestRatio={(testRatio) => setConfig({ ...config, testRatio })}
              onSplitSeed={(splitSeed) => setConfig({ ...config, splitSeed })}
              onTestFile={trainer.loadTestFile}
            />
          )}
          {running && changes.length > 0 && (
            <div className="restart-bar" role="group" aria-label="Settings changed" data-testid="restart-bar" data-run-control>
              <p>
                Changed since this run started: <span data-testid="changed-settings">{changes.join(', ')}</span>.
              </p>
              <button
                type="button"
                className="primary"
                disabled={restartTo !== undefined || blocked !== undefined}
                aria-describedby={blocked ? BLOCKED_ID : undefined}
                onClick={restart}
              >
                {restartTo ? 'Restarting…' : 'Restart with these settings'}
              </button>
            </div>
          )}
        </section>
      </main>
    </div>
  );
}
