/** A setting's value in the leaderboard: small numbers to 3 significant digits. */
export const fmt = (v: number | string | undefined) => (typeof v === 'number' ? (Math.abs(v) >= 1 || v === 0 ? String(v) : v.toPrecision(3)) : String(v ?? ''));
/** An RMSE or MAE to 4 decimals; a dash where there is none. */
export const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '–');
/** Training time: seconds under a minute, else minutes. */
export const secs = (ms: number) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`);
