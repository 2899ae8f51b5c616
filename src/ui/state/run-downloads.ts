import { leaderboardCsv } from '../../config/tune-report';
import { download } from './download';
import { runCsv, runSettings } from './run-export';
import type { RunRecord } from './runs';

/** A run's epochs as CSV, or a search's leaderboard (with each member's weight in the reported model). */
export function downloadRunCsv(r: Pick<RunRecord, 'epochs' | 'tune'>, name: string): void {
  download(name, new Blob([r.tune ? leaderboardCsv(r.tune.trials, r.tune.searched, r.tune.weights && { members: r.tune.members, weights: r.tune.weights }) : runCsv(r.epochs)], { type: 'text/csv' }));
}

/** A run's settings as JSON (runSettings), named by its id. */
export function downloadRunSettings(r: RunRecord): void {
  download(`autorec-settings-${r.id}.json`, new Blob([JSON.stringify(runSettings(r), null, 2)], { type: 'application/json' }));
}
