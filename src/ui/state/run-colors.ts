import { OKABE_ITO } from '../okabe-ito';
import type { RunRecord } from './runs';

const { orange, skyBlue, bluishGreen, blue, vermillion, reddishPurple } = OKABE_ITO;

/**
 * Faded colours for earlier runs: Okabe-Ito (../okabe-ito.ts), so that colour-blind people can tell the runs
 * apart (the old set had two greens, two purples and a red beside an orange), without its yellow (invisible as a
 * faded line on white) and black (the live run's navy curves), and without the pinned baseline's orange.
 */
export const HISTORY_COLORS: readonly string[] = [skyBlue, vermillion, bluishGreen, reddishPurple, blue];
/** The pinned baseline's colour, none of the HISTORY_COLORS. */
export const PINNED_COLOR: string = orange;

/** A colour of HISTORY_COLORS picked by the run's id alone (FNV-1a): the same on every load, for runs saved without one. */
export function colorOfId(id: string): string {
  let h = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193) >>> 0;
  return HISTORY_COLORS[h % HISTORY_COLORS.length];
}

/** The colour a new run is saved with: the one the other runs use least (the earliest in HISTORY_COLORS on a tie). */
export function pickColor(others: readonly Pick<RunRecord, 'id' | 'color'>[]): string {
  const uses = new Map(HISTORY_COLORS.map((c) => [c, 0]));
  for (const r of others) {
    const c = r.color ?? colorOfId(r.id);
    if (uses.has(c)) uses.set(c, uses.get(c)! + 1);
  }
  let best = HISTORY_COLORS[0];
  for (const c of HISTORY_COLORS) if (uses.get(c)! < uses.get(best)!) best = c;
  return best;
}

/** A run's colour wherever it is shown (list swatch, chart line, PNG legend): the pinned colour while pinned, else its own. */
export function runColor(r: Pick<RunRecord, 'id' | 'color' | 'pinned'>): string {
  return r.pinned ? PINNED_COLOR : (r.color ?? colorOfId(r.id));
}
