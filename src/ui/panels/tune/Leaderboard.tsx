import { memo } from 'react';
import { SETTINGS } from '../../../config/settings';
import type { TrainConfig, TrialResult, Tunable } from '../../../worker/messages';
import { f4, fmt, secs } from './format';

/** How a trial ended, in the leaderboard's words. */
const END_WORDS: Record<TrialResult['end'], string> = {
  'early-stopped': 'early stop',
  completed: 'all epochs',
  pruned: 'halved out',
  diverged: 'diverged',
  budget: 'budget spent',
  stopped: 'stopped',
  refused: 'too big',
  failed: 'failed',
};

interface LeaderboardProps {
  board: TrialResult[];
  searched: Tunable[];
  best?: number;
  /** The trials blended for the reported model. */
  members?: number[];
  /** Each member's weight in the reported model (same order as members; absent before the result). */
  weights?: readonly number[];
  onUse: (c: TrainConfig) => void;
}

/**
 * Trials by validation RMSE; redrawn when a trial ends, not with every epoch. The key columns (use, rank, trial,
 * validation RMSE, kept epoch) come first and stay in view while the rest scroll inside the card.
 */
export const Leaderboard = memo(function Leaderboard({ board, searched, best, members = [], weights, onUse }: LeaderboardProps) {
  return (
    <div className="tune-board">
      <table data-testid="tune-leaderboard">
        <caption>Leaderboard: trials by validation RMSE at their kept epoch</caption>
        <thead>
          <tr>
            <th scope="col" className="key k-use">
              <span className="visually-hidden">use</span>
            </th>
            <th scope="col" className="key k-rank">
              #
            </th>
            <th scope="col" className="key k-trial">
              trial
            </th>
            <th scope="col" className="key k-rmse">
              valid RMSE
            </th>
            <th scope="col" className="key k-epochs" title="kept epoch / epochs trained">
              epochs
            </th>
            {searched.map((k) => (
              <th scope="col" key={k}>
                {SETTINGS[k].label}
              </th>
            ))}
            {weights && (
              <th scope="col" title="The trial's weight in the reported model (an average: equal weights; blank: not in it)">
                weight
              </th>
            )}
            <th scope="col">time</th>
            <th scope="col">ended</th>
          </tr>
        </thead>
        <tbody>
          {board.map((r, i) => (
            <tr
              key={r.id}
              data-testid="tune-row"
              data-trial={r.id}
              data-tensors={r.tensors}
              data-gpu-bytes={r.gpuBytes ?? ''}
              data-tensor-bytes={r.tensorBytes}
              className={`${r.id === best ? 'best' : ''}${members.includes(r.id) ? ' member' : ''}`}
            >
              <td className="key k-use use">
                <button type="button" onClick={() => onUse(r.config)} aria-label={`Use these settings (trial ${r.id})`} title="Use these settings">
                  Use
                </button>
              </td>
              <td className="key k-rank">{i + 1}</td>
              <td className="key k-trial">{r.id}</td>
              <td className="key k-rmse" data-testid="valid-rmse" data-value={r.validRmse}>
                {f4(r.validRmse)}
              </td>
              <td className="key k-epochs" title="kept epoch / epochs trained">
                {r.bestEpoch}/{r.epochs}
              </td>
              {searched.map((k) => (
                <td key={k} data-key={k} data-value={String(r.values[k] ?? r.config[k])}>
                  {fmt(r.values[k] ?? r.config[k])}
                </td>
              ))}
              {weights && (
                <td data-testid="blend-weight">{members.includes(r.id) ? weights[members.indexOf(r.id)].toFixed(3) : ''}</td>
              )}
              <td>{secs(r.ms)}</td>
              <td title={r.message}>{END_WORDS[r.end]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
