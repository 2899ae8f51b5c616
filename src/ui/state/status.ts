import type { SessionView } from './session-view';

/** ": <message>." after a run's ending words, when the worker said how it ended. */
function ending(words: string, end: SessionView['end']): string {
  const m = end?.message.trim().replace(/\.$/, '');
  return m ? `${words}: ${m}.` : `${words}.`;
}

/** Where the run stands (`blocked`: the settings would be refused); N is always the number of finished epochs (tests read these prefixes). */
export function statusText({ phase, epochs, end, pausedAt }: Pick<SessionView, 'phase' | 'epochs' | 'end' | 'pausedAt'>, blocked = false): string {
  const n = epochs.length;
  switch (phase) {
    case 'empty':
      return 'Load a ratings file or the demo data to begin.';
    case 'loading':
      return 'Reading data…';
    case 'ready':
      return blocked ? 'Ready, but these settings cannot start (see why below).' : 'Ready: press Start.';
    case 'starting':
      return 'Starting the backend…';
    case 'running':
      return `Training… ${n} epoch${n === 1 ? '' : 's'} done.`;
    case 'paused':
      return pausedAt && pausedAt.batch > 0
        ? `Paused after epoch ${n} (in epoch ${pausedAt.epoch}, batch ${pausedAt.batch} of ${pausedAt.batches}).`
        : `Paused after epoch ${n}.`;
    case 'finished':
      return ending(`Run finished after ${n} epochs`, end);
    case 'stopped':
      return ending(`Run stopped after ${n} epochs`, end);
    case 'resetting':
      return 'Resetting…';
  }
}

/**
 * What to do when the curves say the model overfits (`signal`: which held-out RMSE rises while train loss
 * falls), given the kept epoch and the run's early-stopping patience (0 = off).
 */
export function overfitHint(signal: 'validation' | 'test', keptEpoch: number, patience: number): string {
  if (signal === 'test') {
    return `Test RMSE is rising while train loss falls: the model is overfitting. Without a validation split the run keeps its last epoch (${keptEpoch}), which recommendations use; set a validation share to keep the best epoch, or try a larger L2 λ or more dropout.`;
  }
  const stop = patience > 0 ? `; the run stops once validation RMSE has not improved for ${patience} epochs.` : ', or set a patience to stop early.';
  return `Validation RMSE is rising while train loss falls: the model is overfitting. The run keeps epoch ${keptEpoch}, the lowest validation RMSE; recommendations use it. Try a larger L2 λ or more dropout${stop}`;
}
