import { shownScore } from '../../data/ranking';
import type { RecommendedItem } from '../../worker/messages';

/** The rating scale predictions are clipped to. */
interface Scale {
  lo: number;
  hi: number;
}

/** The prediction as shown: clipped, "5.00+" where the unclipped score (the rank's) is above the top of the scale. */
function Predicted({ r, scale }: { r: RecommendedItem; scale?: Scale }) {
  if (r.score === undefined || !scale) return <td>{r.predicted.toFixed(2)}</td>;
  const off = r.score > scale.hi || r.score < scale.lo;
  return (
    <td data-testid="predicted" data-score={r.score} title={off ? `Unclipped prediction ${r.score.toFixed(3)}: the list is ranked by it` : undefined}>
      {shownScore(r.score, scale.lo, scale.hi)}
    </td>
  );
}

/**
 * Items with their predictions: the top-N (`ranked`: numbered, held-out ones marked, with their training ratings) or
 * a user's held-out ratings; with the `scale`, a prediction beyond it is marked (shownScore).
 */
export function ItemTable({ caption, rows, testId, ranked, scale }: { caption: string; rows: RecommendedItem[]; testId: string; ranked?: boolean; scale?: Scale }) {
  const counts = ranked && rows.some((r) => r.trainRatings !== undefined);
  const columns = 2 + (ranked ? 1 : 0) + (!ranked ? 1 : 0) + (counts ? 1 : 0);
  return (
    <table data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {ranked && <th scope="col">#</th>}
          <th scope="col" className="title">
            movie
          </th>
          {!ranked && <th scope="col">rated</th>}
          {counts && (
            <th scope="col" title="Ratings of this item in the training set">
              ratings
            </th>
          )}
          <th scope="col">predicted</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns}>none</td>
          </tr>
        )}
        {rows.map((r, k) => (
          <tr key={r.item} data-item={r.item}>
            {ranked && <td>{k + 1}</td>}
            <td className="title">
              {r.title}
              {ranked && r.actual !== undefined && (
                <span className="held-out-mark" data-testid="held-out-mark" title="This movie is in the user's held-out (test) ratings">
                  held out: rated {r.actual}
                </span>
              )}
              {ranked && r.because && r.because.length > 0 && (
                <small
                  className="because"
                  data-testid="because"
                  title="The movies this user liked (rated at least their own mean) that the model's learned item space puts nearest this one: the ratings behind the recommendation"
                >
                  because you liked {r.because.map((b) => `${b.title} (${b.rating})`).join(', ')}
                </small>
              )}
            </td>
            {!ranked && <td>{r.actual}</td>}
            {counts && <td data-testid="train-ratings">{r.trainRatings}</td>}
            <Predicted r={r} scale={scale} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
