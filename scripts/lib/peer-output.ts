// The PyTorch peer's stdout (../shared/reference/ref_autorec.py and ref_autorec_sparse.py), parsed. Both print:
//   data=files seed=0 users=943 items=1682 train=90034 test=9966 load_s=0.41 torch=1.13.1 threads=2 [decoder=sparse]
//   epoch  1  train_loss   457.6344  test_rmse 2.2634  (clipped 1.6316)  train_s 0.215  epoch_s 0.295
//   ... one line per epoch, then maybe 'stopping: over 900.0s' ...
//   RESULT {"data": ..., "epochs_run": 25, "final_rmse_clipped": ..., "median_epoch_s": ..., "baselines": {...}}
// Samples: scripts/fixtures/peer-*.txt, tested in scripts/test/peer-output.test.ts.

export interface PeerEpoch {
  epoch: number;
  /** Summed squared error per training row (item) of the epoch, dropout on. */
  trainLoss: number;
  testRmse: number;
  /** Test RMSE with predictions clipped to the training ratings' range: the figure compared with ours. */
  testRmseClipped: number;
  trainSeconds: number;
  /** Training plus evaluation. */
  epochSeconds: number;
}

/** The peer's baselines on the same split (RESULT's "baselines"). */
export interface PeerBaselines {
  global_mean: number;
  item_mean: number;
  user_mean: number;
  user_item_bias: number;
  user_item_bias_unclipped: number;
}

/** The peer's final RESULT line, as the scripts write it (snake_case keys). */
export interface PeerResult {
  data: string;
  seed: number;
  users: number;
  items: number;
  /** ref_autorec_sparse.py only. */
  decoder?: string;
  n_train: number;
  n_test: number;
  epochs_run: number;
  final_rmse: number;
  final_rmse_clipped: number;
  best_rmse: number;
  best_epoch: number;
  median_epoch_s: number;
  median_train_s: number;
  total_s: number;
  load_s: number;
  threads: number;
  torch: string;
  baselines: PeerBaselines;
}

export interface PeerOutput {
  /** The first line's key=value pairs (data, seed, users, items, train, test, load_s, torch, threads, decoder). */
  header: Record<string, string>;
  /** Oldest first, numbered 1, 2, ... */
  epochs: PeerEpoch[];
  /** The peer hit its --max-seconds limit and stopped before its --epochs. */
  stoppedEarly: boolean;
  result: PeerResult;
}

export class PeerOutputError extends Error {
  override name = 'PeerOutputError';
}

const NUM = String.raw`(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|nan|inf|-inf)`;
const EPOCH_LINE = new RegExp(
  String.raw`^epoch\s+(\d+)\s+train_loss\s+${NUM}\s+test_rmse\s+${NUM}\s+\(clipped\s+${NUM}\)\s+train_s\s+${NUM}\s+epoch_s\s+${NUM}\s*$`,
);
const RESULT_NUMBERS = ['seed', 'users', 'items', 'n_train', 'n_test', 'epochs_run', 'final_rmse', 'final_rmse_clipped', 'best_rmse', 'best_epoch', 'median_epoch_s', 'median_train_s', 'total_s', 'load_s', 'threads'] as const;
const BASELINES = ['global_mean', 'item_mean', 'user_mean', 'user_item_bias', 'user_item_bias_unclipped'] as const;

/**
 * Parses the peer's stdout; throws PeerOutputError saying what is missing or wrong (and on which line) when it is
 * not what the scripts print: a header, epoch lines 1..n, and a RESULT line that agrees with them.
 */
export function parsePeerOutput(stdout: string): PeerOutput {
  const lines = stdout.split(/\r?\n/);
  const bad = (why: string, at?: number): never => {
    throw new PeerOutputError(`the peer's output ${at === undefined ? '' : `(line ${at + 1}: ${JSON.stringify(lines[at].slice(0, 120))}) `}${why}`);
  };
  const headerAt = lines.findIndex((l) => l.startsWith('data='));
  if (headerAt < 0) bad("has no header line ('data=... users=... items=...')");
  const header = Object.fromEntries(lines[headerAt].trim().split(/\s+/).map((kv) => kv.split('=', 2) as [string, string]));
  for (const k of ['users', 'items', 'train', 'test']) if (!/^\d+$/.test(header[k] ?? '')) bad(`has no whole number ${k}= in its header`, headerAt);

  const epochs: PeerEpoch[] = [];
  let stoppedEarly = false;
  let resultAt = -1;
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('epoch')) {
      const m = EPOCH_LINE.exec(line) ?? bad('is not an epoch line (epoch N  train_loss X  test_rmse X  (clipped X)  train_s X  epoch_s X)', i);
      const [epoch, trainLoss, testRmse, testRmseClipped, trainSeconds, epochSeconds] = m.slice(1).map(Number);
      if (epoch !== epochs.length + 1) bad(`numbers epoch ${epoch} where epoch ${epochs.length + 1} was due`, i);
      const e = { epoch, trainLoss, testRmse, testRmseClipped, trainSeconds, epochSeconds };
      for (const [k, v] of Object.entries(e)) if (!Number.isFinite(v)) bad(`has ${k} ${v}, not a finite number`, i);
      epochs.push(e);
    } else if (line.startsWith('stopping: over')) stoppedEarly = true;
    else if (line.startsWith('RESULT ')) {
      resultAt = i;
      break;
    }
  }
  if (epochs.length === 0) bad('has no epoch lines');
  if (resultAt < 0) bad(`ends after ${epochs.length} epoch lines without a RESULT line (cut short?)`);

  let result: PeerResult;
  try {
    result = JSON.parse(lines[resultAt].slice('RESULT '.length)) as PeerResult;
  } catch (err) {
    return bad(`has a RESULT line that is not JSON: ${(err as Error).message}`, resultAt);
  }
  if (typeof result !== 'object' || result === null) bad('has a RESULT line that is not a JSON object', resultAt);
  for (const k of RESULT_NUMBERS) if (!Number.isFinite(result[k])) bad(`has RESULT.${k} = ${JSON.stringify(result[k])}, not a finite number`, resultAt);
  for (const k of BASELINES) if (!Number.isFinite(result.baselines?.[k])) bad(`has RESULT.baselines.${k} = ${JSON.stringify(result.baselines?.[k])}, not a finite number`, resultAt);
  if (result.epochs_run !== epochs.length) bad(`says epochs_run ${result.epochs_run} but printed ${epochs.length} epoch lines`, resultAt);
  const last = epochs[epochs.length - 1];
  // The epoch lines round to 4 decimals; RESULT carries full precision.
  if (Math.abs(result.final_rmse_clipped - last.testRmseClipped) > 5.01e-5) bad(`says final_rmse_clipped ${result.final_rmse_clipped} but its last epoch line says ${last.testRmseClipped}`, resultAt);
  if (Number(header.users) !== result.users || Number(header.items) !== result.items) bad(`says ${result.users} users x ${result.items} items, its header ${header.users} x ${header.items}`, resultAt);
  return { header, epochs, stoppedEarly, result };
}

/** The figures bench:peer reports for the peer. */
export function peerSummary(p: PeerOutput): { msPerEpochMedian: number; finalTestRmse: number; lowestTestRmse: number; epochs: number; threads: number; userItemBiasRmse: number } {
  return {
    msPerEpochMedian: Math.round(p.result.median_epoch_s * 1000),
    // RESULT's full precision (the epoch lines round to 4 decimals; the parser checks that they agree)
    finalTestRmse: p.result.final_rmse_clipped,
    lowestTestRmse: Math.min(...p.epochs.map((e) => e.testRmseClipped)),
    epochs: p.epochs.length,
    threads: p.result.threads,
    userItemBiasRmse: p.result.baselines.user_item_bias,
  };
}

/** Median, least and greatest of a system's repeats (the median of an even count is the mean of the middle two). */
export function spread(values: number[]): { median: number; min: number; max: number } {
  if (values.length === 0) throw new RangeError('spread of no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}
