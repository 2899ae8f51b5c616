import type { EpochStats, TrainConfig } from '../../worker/messages';
import { changeText, liveChangesOf } from '../state/live-changes';
import { keptOf } from '../state/runs';
import type { ChangeMark, KeptMark } from './live-run';
import { xs, type XMode } from './series';

const f3 = (v: number) => v.toFixed(3);

/** Where the first later stage began (AutoRec+'s global-kernel fine-tuning): after epoch stageStart. */
export function stageMark(epochs: EpochStats[], xMode: XMode): { x: number; label: string } | undefined {
  const first = epochs.find((e) => e.stage !== undefined && e.stage !== 'local' && (e.stageStart ?? 0) > 0);
  const k = first ? epochs.findIndex((e) => e.epoch === first.stageStart) : -1;
  if (!first || k < 0) return undefined;
  return { x: xs(epochs, xMode)[k], label: `${first.stage === 'global' ? 'global kernel' : first.stage} from here` };
}

/** The kept epoch on a panel: labelled and circled on the RMSE panel, a bare guide on the others. */
export function keptMark(epochs: EpochStats[], xMode: XMode, labelled: boolean): KeptMark | undefined {
  const kept = keptOf(epochs);
  const k = kept ? epochs.findIndex((e) => e.epoch === kept.epoch) : -1;
  if (!kept || k < 0) return undefined;
  const x = xs(epochs, xMode)[k];
  if (!labelled) return { x, at: [] };
  return kept.byValidation
    ? { x, at: [kept.testRmse, kept.validRmse], label: `kept: epoch ${kept.epoch} (valid ${f3(kept.validRmse)}, test ${f3(kept.testRmse)})` }
    : { x, at: [kept.testRmse], label: `kept: epoch ${kept.epoch}, the last (no validation; test ${f3(kept.testRmse)})` };
}

/** The kept epoch on the NDCG@10 panel: circled and labelled with its NDCG@10 (a bare guide where it has none). */
export function keptNdcgMark(epochs: EpochStats[], xMode: XMode): KeptMark | undefined {
  const bare = keptMark(epochs, xMode, false);
  const kept = keptOf(epochs);
  const ndcg = epochs.find((e) => e.epoch === kept?.epoch)?.testNdcg10;
  if (!bare || !kept || ndcg === undefined || !Number.isFinite(ndcg)) return bare;
  return { ...bare, at: [ndcg], label: `kept: epoch ${kept.epoch} (NDCG@10 ${f3(ndcg)})` };
}

/**
 * The live changes of the run (lr, λ, dropout, λs moved while it trained), one guide per epoch that began with
 * a change: where the previous epoch ended (the change took effect within the next one), named by its changes.
 */
export function changeMarks(epochs: EpochStats[], start: TrainConfig | undefined, xMode: XMode): ChangeMark[] {
  if (!start) return [];
  const at = xs(epochs, xMode);
  const words = new Map<number, string[]>();
  for (const c of liveChangesOf(start, epochs)) words.set(c.epoch, [...(words.get(c.epoch) ?? []), changeText(c, false)]);
  return [...words].map(([epoch, w]) => {
    const k = epochs.findIndex((e) => e.epoch === epoch);
    return { epoch, x: k > 0 ? at[k - 1] : xMode === 'epoch' ? epoch - 1 : 0, label: w.join(', ') };
  });
}
