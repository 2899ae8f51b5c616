import { useId, useState } from 'react';
import type { Recommendations } from '../../worker/messages';
import '../chart/chart.css';
import { shownScore } from '../../data/ranking';
import { ItemTable } from './ItemTable';

interface RecommendPanelProps {
  result?: Recommendations;
  error?: string;
  firstUser?: number;
  /** minRatings: undefined for the data's default (src/serve/recommend.ts defaultMinRatings). */
  onAsk: (user: number, minRatings?: number) => void;
}

const scale = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** After training: one user's top-10 unseen movies and their held-out ratings beside the predictions. */
export function RecommendPanel({ result, error, firstUser = 1, onAsk }: RecommendPanelProps) {
  const id = useId();
  const [user, setUser] = useState(String(firstUser));
  const [minRatings, setMinRatings] = useState('');
  const ask = () => {
    if (user.trim() === '') return;
    const min = minRatings.trim() === '' ? undefined : Number(minRatings);
    onAsk(Number(user), min !== undefined && Number.isFinite(min) && min >= 0 ? Math.floor(min) : undefined);
  };
  // An error (an unknown user) replaces the tables: they would be the previous user's.
  const shown = error ? undefined : result;
  const range = shown?.ratingMin !== undefined && shown.ratingMax !== undefined ? { lo: shown.ratingMin, hi: shown.ratingMax } : undefined;
  return (
    <section className="recommend" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Recommendations</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          ask();
        }}
      >
        <label htmlFor={id}>User id</label>
        <input id={id} type="number" min={0} step={1} value={user} onChange={(e) => setUser(e.target.value)} />
        <label htmlFor={`${id}-min`} title="Items with fewer ratings in the training set are not recommended: a film a handful of people loved gets a prediction at the top of the scale.">
          Minimum ratings per recommended item
        </label>
        <input
          id={`${id}-min`}
          className="min-ratings"
          type="number"
          min={0}
          step={1}
          value={minRatings}
          placeholder={result?.defaultMinRatings !== undefined ? String(result.defaultMinRatings) : 'auto'}
          aria-describedby={`${id}-min-help`}
          onChange={(e) => setMinRatings(e.target.value)}
        />
        <button type="submit">Recommend</button>
      </form>
      <p id={`${id}-min-help`} className="rec-note">
        Left empty, the minimum is 20 training ratings, lowered on small data so that at least 100 items (or half of them) can be recommended.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {shown && (
        <>
          <p className="rec-note" data-testid="rec-note">
            {shown.minRatings !== undefined &&
              `Only items with at least ${shown.minRatings} training ratings are recommended (${shown.eligibleItems ?? '?'} items${
                shown.minRatings === shown.defaultMinRatings ? ', the default for this data' : `; the default for this data is ${shown.defaultMinRatings}`
              }). `}
            {shown.ratingMin !== undefined && shown.ratingMax !== undefined
              ? `Predictions are clipped to the rating scale ${scale(shown.ratingMin)}–${scale(shown.ratingMax)}; the list is ranked by the unclipped prediction, and one above the top reads ${shownScore(shown.ratingMax + 1, shown.ratingMin, shown.ratingMax)}.`
              : 'Predictions are clipped to the rating scale.'}
          </p>
          <div className="rec-tables">
            <ItemTable caption={`Top ${shown.top.length} unseen for user ${shown.user}`} rows={shown.top} testId="top-n" ranked scale={range} />
            <ItemTable caption={`User ${shown.user}'s held-out ratings`} rows={shown.heldOut} testId="held-out" scale={range} />
          </div>
        </>
      )}
    </section>
  );
}
