import { startTransition, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { BackendChoice, TrainConfig } from '../model/config';
import { BackendBadge } from './BackendBadge';
import { ChartOptions } from './ChartOptions';
import { Controls } from './Controls';
import { DatasetPanel } from './DatasetPanel';
import { download, svgsToPng } from './download';
import { DropZone } from './DropZone';
import { EpochTable } from './EpochTable';
import { Readouts } from './Readouts';
import { RecommendPanel } from './RecommendPanel';
import { RunButtons } from './RunButtons';
import { RunHistory } from './RunHistory';
import { runCsv, runSettings, type RunRecord } from './runs';
import type { XMode } from './series';
import { SplitPicker } from './SplitPicker';
import { TrainingChart } from './TrainingChart';
import { configToQuery, queryToConfig } from './urlState';
import { useRunHistory } from './useRunHistory';
import { useSameArray } from './useThrottled';
import { useTrainer } from './useTrainer';

const fromUrl = queryToConfig(window.location.search);

export function App() {
  const trainer = useTrainer();
  const { state } = trainer;
  const history = useRunHistory();
  const [config, setConfig] = useState<TrainConfig>(fromUrl.config);
  const [backend, setBackend] = useState<BackendChoice>(fromUrl.backend);
  const [smoothing, setSmoothing] = useState(0);
  const [xMode, setXMode] = useState<XMode>('epoch');
  /** Bad values in the link the page was opened with: said once, until dismissed. */
  const [urlIgnored, setUrlIgnored] = useState(fromUrl.ignored);
  const current = useRef<{ id: string; createdAt: number; config: TrainConfig; backend: BackendChoice; dataset: string } | undefined>(undefined);
  const live = state.phase === 'starting' || state.phase === 'running' || state.phase === 'paused' || state.phase === 'resetting';
  const splits = ['random', 'file', ...(state.dataset?.presetSplits ?? [])];
  const runConfig = splits.includes(config.split) ? config : { ...config, split: 'random' };

  useEffect(() => {
    window.history.replaceState(null, '', `?${configToQuery(config, backend)}`);
  }, [config, backend]);

  // A run that ends joins the history (and IndexedDB) once.
  const { phase, epochs } = state;
  const { save } = history;
  useEffect(() => {
    const c = current.current;
    if (!c || (phase !== 'finished' && phase !== 'stopped') || epochs.length === 0) return;
    startTransition(() => save({ ...c, backend: state.backend?.name ?? c.backend, epochs, visible: true, pinned: false }));
  }, [phase, epochs, save, state.backend]);

  const start = () => {
    const now = Date.now();
    current.current = { id: `run-${now}`, createdAt: now, config: runConfig, backend, dataset: state.dataset?.source ?? '' };
    trainer.start(runConfig, backend);
  };

  // Space toggles play/pause, unless a form control has the focus.
  const toggleRef = useRef<() => void>(() => {});
  toggleRef.current = () => {
    if (phase === 'running') trainer.pause();
    else if (phase === 'paused') trainer.resume();
    else if (state.dataset && (phase === 'ready' || phase === 'finished' || phase === 'stopped')) start();
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
  const csv = (r: Pick<RunRecord, 'epochs'>, name: string) => download(name, new Blob([runCsv(r.epochs)], { type: 'text/csv' }));
  const json = (r: RunRecord) => download(`autorec-settings-${r.id}.json`, new Blob([JSON.stringify(runSettings(r), null, 2)], { type: 'application/json' }));
  const currentId = state.epochs.length === 0 ? undefined : current.current?.id;
  const shownHistory = useSameArray(useMemo(() => history.runs.filter((r) => r.id !== currentId), [history.runs, currentId]));
  // A run that joins the faded ones redraws the Recharts part of the chart: not in the task of the click that starts the next run.
  const chartHistory = useDeferredValue(shownHistory);

  return (
    <div className="app">
      <header>
        <h1>AutoRec Studio</h1>
        <p className="tagline">Train an AutoRec recommender on your ratings, live, on your own GPU. Nothing leaves this tab.</p>
        <BackendBadge info={state.backend} />
      </header>
      <aside>
        <DropZone disabled={live || state.phase === 'loading'} onFile={trainer.loadFile} onDemo={trainer.loadDemo} />
        <DatasetPanel summary={state.dataset} progress={state.progress} error={state.loadError} run={state.run} />
        {state.dataset && (
          <SplitPicker
            summary={state.dataset}
            split={config.split}
            testRatio={config.testRatio}
            splitSeed={config.splitSeed}
            validRatio={config.validRatio}
            disabled={live || state.phase === 'loading'}
            onSplit={(split) => setConfig({ ...config, split })}
            onTestRatio={(testRatio) => setConfig({ ...config, testRatio })}
            onSplitSeed={(splitSeed) => setConfig({ ...config, splitSeed })}
            onTestFile={trainer.loadTestFile}
          />
        )}
        <RunButtons {...trainer} onStart={start} />
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
        <Controls config={config} backend={backend} locked={live} onConfig={changeConfig} onBackend={setBackend} />
      </aside>
      <main>
        <Readouts epochs={state.epochs} />
        <TrainingChart epochs={state.epochs} history={chartHistory} baselines={state.run?.baselines} smoothing={smoothing} xMode={xMode} maxEpochs={config.epochs} />
        <ChartOptions smoothing={smoothing} xMode={xMode} onSmoothing={setSmoothing} onXMode={setXMode} onPng={() => void exportPng()} />
        {state.epochs.length > 0 && (
          <div className="row actions">
            <button type="button" onClick={() => csv(state, 'autorec-run.csv')}>
              Export run CSV
            </button>
          </div>
        )}
        <RunHistory
          runs={history.runs}
          onToggle={history.toggle}
          onPin={history.pin}
          onRemove={history.remove}
          onCsv={(r) => csv(r, `autorec-${r.id}.csv`)}
          onJson={json}
          onLoadSettings={(r) => !live && (setConfig(r.config), setBackend(r.backend))}
        />
        {history.error && <p className="error">{history.error}</p>}
        {state.epochs.length > 0 && state.phase !== 'running' && state.phase !== 'starting' && (
          <RecommendPanel result={state.recommendations} error={state.recommendError} onAsk={trainer.recommend} />
        )}
        <EpochTable epochs={state.epochs} />
      </main>
    </div>
  );
}
