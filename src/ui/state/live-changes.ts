import type { EpochStats, TrainConfig } from '../../worker/messages';

/** The live settings an epoch records (EpochStats): what a person may move while a run trains. */
export type LiveKnob = 'learningRate' | 'l2' | 'dropout' | 'kernelL2';

const KNOBS: readonly LiveKnob[] = ['learningRate', 'l2', 'dropout', 'kernelL2'];

/** Short names, for the run's label, the chart's marks and the settings JSON's readers. */
export const KNOB_NAME: Record<LiveKnob, string> = { learningRate: 'lr', l2: 'λ', dropout: 'dropout', kernelL2: 'λs' };

/** A live change: the first epoch trained (from some batch on) with the new value. */
export interface LiveChange {
  epoch: number;
  setting: LiveKnob;
  from: number;
  to: number;
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));

/**
 * The live changes of a run, in epoch order (per epoch in LiveKnob order): each epoch whose value of a knob differs
 * from the epoch before (the first epoch compares with the value the run started with). Epochs of runs saved before
 * a knob could change live do not record it: no change.
 */
export function liveChangesOf(start: TrainConfig, epochs: readonly EpochStats[]): LiveChange[] {
  const changes: LiveChange[] = [];
  const now: Record<LiveKnob, number> = { learningRate: start.learningRate, l2: start.l2, dropout: start.dropout, kernelL2: start.kernelL2 };
  for (const e of epochs) {
    for (const k of KNOBS) {
      const v = e[k];
      if (v === undefined || !Number.isFinite(v) || same(v, now[k])) continue;
      changes.push({ epoch: e.epoch, setting: k, from: now[k], to: v });
      now[k] = v;
    }
  }
  return changes;
}

/** The settings as the run ended: its start settings with every live change applied ("Use settings" restores these). */
export function settingsAsEnded(start: TrainConfig, epochs: readonly EpochStats[]): TrainConfig {
  const out = { ...start };
  for (const c of liveChangesOf(start, epochs)) out[c.setting] = c.to;
  return out;
}

const sci = (v: number) => v.toExponential(0).replace('e-', 'e−');

/** A knob's value as the label and the chart write it. */
export function knobValue(k: LiveKnob, v: number): string {
  return k === 'dropout' ? String(Number(v.toFixed(3))) : sci(v);
}

/** "λ→1e−1 @ epoch 7". */
export function changeText(c: LiveChange, at = true): string {
  return `${KNOB_NAME[c.setting]}→${knobValue(c.setting, c.to)}${at ? ` @ epoch ${c.epoch}` : ''}`;
}
