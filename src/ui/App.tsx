import { useState } from 'react';
import { D2L_DEFAULTS, type BackendName, type TrainConfig } from '../model/config';
import { BackendBadge } from './BackendBadge';
import { Controls } from './Controls';
import { DatasetPanel } from './DatasetPanel';
import { DropZone } from './DropZone';
import { EpochTable } from './EpochTable';
import { TrainingChart } from './TrainingChart';
import { useTrainer } from './useTrainer';

export function App() {
  const { state, loadFile, loadDemo, start, stop } = useTrainer();
  const [config, setConfig] = useState<TrainConfig>(D2L_DEFAULTS);
  const [backend, setBackend] = useState<BackendName>('webgpu');
  const busy = state.phase === 'starting' || state.phase === 'training' || state.phase === 'stopping';
  const canStart = state.phase === 'ready';

  return (
    <div className="app">
      <header>
        <h1>AutoRec Studio</h1>
        <p className="tagline">Train an AutoRec recommender on your ratings, live, on your own GPU. Nothing leaves this tab.</p>
        <BackendBadge info={state.backend} />
      </header>
      <aside>
        <DropZone disabled={busy || state.phase === 'loading'} onFile={loadFile} onDemo={loadDemo} />
        <DatasetPanel summary={state.dataset} progress={state.progress} error={state.loadError} split={state.split} />
        <Controls config={config} backend={backend} locked={busy} onConfig={setConfig} onBackend={setBackend} />
        <div className="row actions">
          <button type="button" className="primary" disabled={!canStart} onClick={() => start(config, backend)}>
            Start
          </button>
          <button type="button" disabled={state.phase !== 'training' && state.phase !== 'starting'} onClick={stop}>
            Stop
          </button>
          <span className="status" role="status" data-testid="status">
            {statusText(state.phase, state.epochs.length, config.epochs, state.lastRun)}
          </span>
        </div>
        {state.trainError && (
          <p role="alert" className="error">
            {state.trainError}
          </p>
        )}
      </aside>
      <main>
        <TrainingChart epochs={state.epochs} maxEpochs={config.epochs} />
        <EpochTable epochs={state.epochs} />
      </main>
    </div>
  );
}

function statusText(phase: string, done: number, total: number, lastRun?: string): string {
  switch (phase) {
    case 'empty':
      return 'Load a ratings file or the demo data to begin.';
    case 'loading':
      return 'Reading data…';
    case 'starting':
      return 'Starting backend…';
    case 'training':
      return `Training: epoch ${done} of ${total}`;
    case 'stopping':
      return 'Stopping after this epoch…';
    default:
      return lastRun ? `Run ${lastRun} after ${done} epochs.` : 'Ready.';
  }
}
