// Side by side with the peer (d2l AutoRec in PyTorch, ../shared/reference): our seeded split written to
// files, the peer trained on them, then the app in Chromium on the same files with the same settings.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDemo } from '../src/data/demo';
import { randomSplit } from '../src/data/split';
import type { Dataset, RatingTriples } from '../src/data/types';
import { BACKEND_CHOICES, D2L_DEFAULTS, type BackendChoice } from '../src/model/config';
import { runInApp } from './app-run';
import { fail, parseArgs, settingsFromFlags } from './args';
import { launchChromium, serveBuiltApp } from './browser';
import { loadDataset } from './load';
import { parsePeerOutput, PeerOutputError, peerSummary } from './peer-output';
import { shapedFile } from './shapes';

const { flags } = parseArgs(process.argv.slice(2));
const backend = (flags.get('backend') ?? 'auto') as BackendChoice;
if (!BACKEND_CHOICES.includes(backend)) fail(`--backend must be one of ${BACKEND_CHOICES.join(', ')}`);
// validRatio 0: ours trains on exactly the peer's training file (no validation share carved from it; the
// last epoch is kept, as the peer reports it). --hidden, --epochs, --compute ... go through the one validator.
const config = settingsFromFlags(flags, { ...D2L_DEFAULTS, validRatio: 0 });
const python = flags.get('python') ?? '/usr/bin/python3';
const peerScript = resolve(flags.get('peer') ?? '../shared/reference/ref_autorec.py');
const out = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

const shape = flags.get('shape');
if (shape && flags.has('data')) fail('--data and --shape exclude each other');
const data = shape ? await shapedFile(shape).catch((e: Error) => fail(e.message)) : flags.get('data');
const dataset: Dataset = data ? await loadDataset(data) : generateDemo();
const split = randomSplit(dataset.ratings, config.testRatio, config.splitSeed);
const dir = mkdtempSync(join(tmpdir(), 'autorec-peer-'));
const [trainFile, testFile] = [join(dir, 'train.tsv'), join(dir, 'test.tsv')];
writeFileSync(trainFile, lines(dataset, split.train));
writeFileSync(testFile, lines(dataset, split.test));

/** Raw ids, tab-separated, as both systems read them. */
function lines(d: Dataset, r: RatingTriples): string {
  const parts: string[] = [];
  for (let k = 0; k < r.ratings.length; k++) parts.push(`${d.userIds[r.users[k]]}\t${d.itemIds[r.items[k]]}\t${r.ratings[k]}\t0\n`);
  return parts.join('');
}

function runPeer(): (ReturnType<typeof peerSummary> & { compute: string }) | { skipped: string } {
  if (!existsSync(peerScript)) return { skipped: `the peer script is not at ${peerScript} (pass --peer <path to ref_autorec.py>)` };
  const probe = spawnSync(python, ['-c', 'import torch, pandas'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: `PyTorch is absent for ${python}: apt-get install -y python3-torch python3-pandas` };
  const args = [peerScript, '--data', 'files', '--train', trainFile, '--test', testFile, '--seed', String(config.seed)];
  args.push('--epochs', String(config.epochs), '--hidden', String(config.hidden), '--batch', String(config.batchSize));
  args.push('--lr', String(config.learningRate), '--wd', String(config.l2));
  const run = spawnSync(python, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (run.status !== 0) return { skipped: `the peer failed: ${run.stderr.trim().split('\n').pop()}` };
  try {
    const parsed = parsePeerOutput(run.stdout);
    // ref_autorec_sparse.py says its decoder; ref_autorec.py computes densely
    return { compute: parsed.result.decoder ? `sparse (${parsed.result.decoder} decoder)` : 'dense', ...peerSummary(parsed) };
  } catch (err) {
    if (err instanceof PeerOutputError) return { skipped: err.message };
    throw err;
  }
}

const peer = runPeer();
out({ system: 'peer', backend: 'pytorch-cpu', compute: 'dense', ...peer });

const app = await serveBuiltApp();
const browser = await launchChromium();
try {
  const ours = await runInApp(browser, { url: app.url, config, backend, data: trainFile, test: testFile, timeoutMs: Number(flags.get('timeout') ?? 60 * 60_000) });
  if ('error' in ours) out({ system: 'ours', ...ours });
  else {
    const { backend: ran, compute: path, msPerEpochMedian, finalTestRmse, lowestTestRmse, msPerEpoch } = ours;
    out({ system: 'ours', backend: ran, compute: path, msPerEpochMedian, finalTestRmse, lowestTestRmse, msPerEpoch });
    if ('msPerEpochMedian' in peer) {
      out({
        ratio: Number((msPerEpochMedian / peer.msPerEpochMedian).toFixed(3)),
        finalTestRmseDiff: Number((finalTestRmse - peer.finalTestRmse).toFixed(4)),
        note: 'ratio = ours / peer, median ms per epoch (training + evaluation); RMSE clipped to the rating scale on both sides',
      });
    }
  }
} finally {
  await browser.close();
  await app.close();
}
