import { useState } from 'react';
import { D2L_DEFAULTS, type BackendName, type TrainConfig } from '../model/config';
import { BackendBadge } from './BackendBadge';
import { Controls } from './Controls';
import { DatasetPanel } from './DatasetPanel';
import { DropZone } from './DropZone';
import { EpochTable } from './EpochTable';
import { RecommendPanel } from './RecommendPanel';
import { RunButtons } from './RunButtons';
import { SplitPicker } from './SplitPicker';
import { TrainingChart } from './TrainingChart';
import { useTrainer } from './useTrainer';

export function App() {
  const trainer = useTrainer();
  const { state } = trainer;
  const [config, setConfig] = useState<TrainConfig>(D2L_DEFAULTS);
  const [backend, setBackend] = useState<BackendName>('webgpu');
  const live = state.phase === 'starting' || state.phase === 'running' || state.phase === 'paused';
  const splits = ['random', 'file', ...(state.dataset?.presetSplits ?? [])];
  const runConfig = splits.includes(config.split) ? config : { ...config, split: 'random' };

  const changeConfig = (c: TrainConfig) => {
    if (live && c.learningRate !== config.learningRate) trainer.setLearningRate(c.learningRate);
    setConfig(c);
  };

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
            disabled={live || state.phase === 'loading'}
            onSplit={(split) => setConfig({ ...config, split })}
            onTestRatio={(testRatio) => setConfig({ ...config, testRatio })}
            onTestFile={trainer.loadTestFile}
          />
        )}
        <RunButtons {...trainer} onStart={() => trainer.start(runConfig, backend)} />
        {state.trainError && (
          <p role="alert" className="error">
            {state.trainError}
          </p>
        )}
        <Controls config={config} backend={backend} locked={live} onConfig={changeConfig} onBackend={setBackend} />
      </aside>
      <main>
        <TrainingChart epochs={state.epochs} maxEpochs={config.epochs} />
        <EpochTable epochs={state.epochs} />
        {state.epochs.length > 0 && state.phase !== 'running' && state.phase !== 'starting' && (
          <RecommendPanel result={state.recommendations} error={state.recommendError} onAsk={trainer.recommend} />
        )}
      </main>
    </div>
  );
}
