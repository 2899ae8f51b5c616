import { useDeferredValue, useEffect, useRef, useState } from 'react';
import { BackendBadge } from './panels/BackendBadge';
import { ChartOptions } from './chart/ChartOptions';
import { Controls } from './controls/Controls';
import { DataCard } from './panels/DataCard';
import { downloadChartPng } from './chart/png-export';
import { downloadRunCsv, downloadRunSettings } from './state/run-downloads';
import { DropZone } from './controls/DropZone';
import { EpochTable } from './panels/EpochTable';
import { ExportAll } from './panels/ExportAll';
import { ItemMap } from './panels/ItemMap';
import { NetworkView } from './panels/NetworkView';
import { ModelPanel } from './panels/ModelPanel';
import { Readouts } from './panels/Readouts';
import { RecommendPanel } from './panels/RecommendPanel';
import { BlendNote } from './panels/BlendNote';
import { KeptRanking } from './panels/KeptRanking';
import { RestartBar } from './controls/RestartBar';
import { RunButtons } from './controls/RunButtons';
import { RunDetails } from './panels/RunDetails';
import { RunHistory } from './panels/RunHistory';
import { runLabel } from './state/run-label';
import { settingsAsEnded } from './state/live-changes';
import type { XMode } from './chart/series';
import { SplitPicker } from './controls/SplitPicker';
import { Tabs, type TabSpec } from './controls/Tabs';
import { TrainingChart } from './chart/TrainingChart';
import { TunePanel } from './panels/tune/TunePanel';
import { UpdateLine } from './panels/UpdateLine';
import { UrlIgnoredNote } from './panels/UrlIgnoredNote';
import { useChangedSettings } from './state/use-changed-settings';
import { useChartHistory } from './state/use-chart-history';
import { useConfigChange } from './state/use-config-change';
import { useModelFiles } from './state/use-model-files';
import { useRecordRuns } from './state/use-record-runs';
import { useRunConfig } from './state/use-run-config';
import { useRunControl, type CurrentRun } from './state/use-run-control';
import { useRunHistory } from './state/use-run-history';
import { useRunPlan } from './state/use-run-plan';
import { useRankEpochs } from './state/use-rank-epochs';
import { useSpaceKey } from './state/use-space-key';
import { useStake } from './state/use-stake';
import { useTestFileSplit } from './state/use-test-file-split';
import { useTrainer } from './state/use-trainer';
import { useTuner } from './state/use-tuner';
import { useUrlSettings } from './state/use-url-settings';

/** The page: its areas in the order a phone shows them, the rest in tabs below the chart; what they do lives in the hooks of src/ui/state. */
export function App() {
  const files = useModelFiles();
  const trainer = useTrainer(files.onModelFile, files.onExportFile);
  const { state } = trainer;
  const history = useRunHistory();
  const tuner = useTuner(trainer);
  const stake = useStake(state, tuner.state);
  const { config, setConfig, backend, setBackend, space, setSpace, urlIgnored, dismissUrlIgnored } = useUrlSettings();
  const [smoothing, setSmoothing] = useState(0);
  const [xMode, setXMode] = useState<XMode>('epoch');
  /** The run shown: set as it starts (useRunControl), saved as it ends (useRecordRuns). */
  const current = useRef<CurrentRun | undefined>(undefined);
  const live = state.phase === 'starting' || state.phase === 'running' || state.phase === 'paused' || state.phase === 'resetting';
  const running = state.phase === 'running' || state.phase === 'paused';
  const tuneLive = tuner.state.phase === 'starting' || tuner.state.phase === 'running' || tuner.state.phase === 'paused' || tuner.state.phase === 'evaluating';
  const runConfig = useRunConfig(config, state.dataset?.presetSplits);

  useRecordRuns({ phase: state.phase, epochs: state.epochs, backendInfo: state.backend, dataset: state.dataset, current, tune: tuner.state, backend, space, save: history.save });
  const { shownPlan, planCurrent, blocked } = useRunPlan(trainer, runConfig, backend, tuner.state.phase);
  const changes = useChangedSettings(state.run ? current.current : undefined, runConfig, backend);
  const run = useRunControl(trainer, current, runConfig, backend, blocked);
  useTestFileSplit(state.dataset?.testFile?.source, setConfig);
  useSpaceKey(run.toggle);
  useRankEpochs(trainer.rankEpochs);
  // train RMSE over every training rating only when asked for (the epoch table's switch): no work nobody reads
  const [measureTrain, setMeasureTrain] = useState(false);
  useEffect(() => trainer.trainRmse(measureTrain), [measureTrain, trainer.trainRmse]);
  const changeConfig = useConfigChange(config, setConfig, live, trainer.setLive);
  const chartHistory = useChartHistory(history.runs, state.epochs.length === 0 ? undefined : current.current?.id);
  // the chart's epoch axis follows the Epochs field in a render of its own, after the keystroke's: re-laying both
  // panels took 30-50 ms of the input event's task, on the UI thread
  const chartEpochs = useDeferredValue(config.epochs);

  const finished = state.epochs.length > 0 && state.phase !== 'running' && state.phase !== 'starting';
  const tabs: TabSpec[] = [
    { id: 'epochs', label: 'Epoch table', content: <EpochTable epochs={state.epochs} measureTrain={measureTrain} onMeasureTrain={setMeasureTrain} /> },
    {
      id: 'runs',
      label: 'Earlier runs',
      content: (
        <>
          <RunHistory
            runs={history.runs}
            dataset={state.dataset?.source}
            onToggle={history.toggle}
            onPin={history.pin}
            onRemove={history.remove}
            onCsv={(r) => downloadRunCsv(r, `autorec-${r.id}.csv`)}
            onJson={downloadRunSettings}
            onLoadSettings={(r) => (setConfig(settingsAsEnded(r.config, r.epochs)), setBackend(r.backend))}
          />
          {history.error && <p className="error">{history.error}</p>}
        </>
      ),
    },
    {
      id: 'tune',
      label: 'Tune',
      content: (picked) => <TunePanel open={picked} tuner={tuner} config={runConfig} backend={backend} hasData={!!state.dataset} dataset={state.dataset?.source} runLive={live} space={space} onSpace={setSpace} onUse={setConfig} />,
    },
    {
      id: 'recommend',
      label: 'Recommendations',
      // a finished (or paused) run's kept model, Tune's blend, or an opened file serves recommendations
      content: finished || state.blend || state.openedModel ? (
        <>
          {state.blend && <BlendNote blend={state.blend} />}
          {state.keptRanking && !state.blend && <KeptRanking ranking={state.keptRanking} />}
          <RecommendPanel result={state.recommendations} error={state.recommendError} onAsk={trainer.recommend} />
          <ExportAll state={state} onExport={trainer.exportAll} />
        </>
      ) : (
        <p className="hint tab-empty">After a run (or while it is paused): top-N recommendations from the kept model, for one user or all.</p>
      ),
    },
    {
      id: 'network',
      label: 'Network',
      content: state.view ? <NetworkView stats={state.view.network} epoch={state.view.epoch} /> : <p className="hint tab-empty">After an epoch: the layers and their weights.</p>,
    },
    {
      id: 'map',
      label: 'Item map',
      content:
        state.view && state.itemInfo ? (
          <>
            {state.blend && <p className="note">A blend has no one item space: the map shows {state.blend.mapShows}.</p>}
            <ItemMap view={state.view} info={state.itemInfo} neighbours={state.neighbours} onPick={trainer.neighbours} />
          </>
        ) : (
          <p className="hint tab-empty">After an epoch of data with titles: each item placed by what the network makes of its ratings.</p>
        ),
    },
    {
      id: 'details',
      label: 'Run details',
      content:
        shownPlan || state.run ? (
          <RunDetails plan={!state.run || changes.length > 0 ? shownPlan?.plan : undefined} planPending={!planCurrent} run={state.run} />
        ) : (
          <p className="hint tab-empty">Once data is loaded: the memory a run needs, its compute path, then the run's own sets.</p>
        ),
    },
    {
      id: 'model',
      label: 'Model file',
      content: (
        <ModelPanel
          state={state}
          busy={live || state.phase === 'loading'}
          storeVersion={files.storeVersion}
          onSave={trainer.saveModel}
          onSizes={trainer.modelSizes}
          onExportLayers={trainer.exportLayers}
          onOpen={(file, name) => trainer.openModel(file, name, backend)}
          onContinue={run.continueModel}
          stake={stake}
        />
      ),
    },
  ];

  return (
    <div className="app">
      <header>
        <h1>AutoRec Studio</h1>
        <p className="tagline">Train an AutoRec recommender on your ratings, live, in your browser. Nothing leaves this tab.</p>
        <UpdateLine busy={live || tuneLive} untouched={state.phase === 'empty' && !state.openedModel && tuner.state.phase === 'idle'} />
      </header>
      {/*
        A phone shows these in order (styles.css): data, split, run, the headline strip and chart, settings, then the
        rest in tabs (the strip pinned in view while a run is live). From 1000 px on, data, split and settings make a
        left column beside the run, the strip, the chart and the tabs.
      */}
      <main className={live ? 'layout live' : 'layout'}>
        <div className="side">
          <section className="area-data" aria-labelledby="h-data">
            <h2 id="h-data">Data</h2>
            <DropZone disabled={live || state.phase === 'loading'} onFile={trainer.loadFile} onDemo={trainer.loadDemo} stake={stake} />
            <DataCard summary={state.dataset} progress={state.progress} error={state.loadError} />
          </section>
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
              stake={stake}
              counts={shownPlan?.plan.split}
              countsPending={!planCurrent}
            />
          )}
          <section className="area-settings" aria-labelledby="h-settings">
            <h2 id="h-settings">Model settings</h2>
            <UrlIgnoredNote ignored={urlIgnored} onDismiss={dismissUrlIgnored} />
            <Controls config={config} backend={backend} live={live} onConfig={changeConfig} onBackend={setBackend} />
            {running && changes.length > 0 && <RestartBar changes={changes} restarting={run.restarting} blocked={blocked} onRestart={run.restart} />}
          </section>
        </div>
        <div className="area-work">
          <section className="area-run" aria-labelledby="h-run">
            <h2 id="h-run">Run</h2>
            <RunButtons {...trainer} reset={run.reset} onStart={run.start} blocked={blocked} />
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
          <section className="area-training" aria-labelledby="h-training">
            <h2 id="h-training" className="sr-only">
              Training
            </h2>
            <Readouts epochs={state.epochs} patience={state.epochs.length > 0 ? current.current?.config.patience : undefined} popular={state.run?.baselines.popular} />
            <TrainingChart
              epochs={state.epochs}
              history={chartHistory}
              baselines={state.run?.baselines}
              smoothing={smoothing}
              xMode={xMode}
              maxEpochs={chartEpochs}
              start={state.epochs.length > 0 ? current.current?.config : undefined}
              dataset={state.dataset?.source}
              label={current.current && state.epochs.length > 0 ? runLabel(current.current.config, state.backend?.name ?? current.current.backend, state.epochs) : undefined}
            />
            <ChartOptions
              smoothing={smoothing}
              xMode={xMode}
              onSmoothing={setSmoothing}
              onXMode={setXMode}
              onPng={() => void downloadChartPng()}
              onCsv={state.epochs.length > 0 ? () => downloadRunCsv(state, 'autorec-run.csv') : undefined}
            />
          </section>
          <Tabs label="More about the run" tabs={tabs} />
        </div>
      </main>
    </div>
  );
}
