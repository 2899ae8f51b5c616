import type { RecommendedItem } from '../../worker/messages';

/** Items with their predictions: the top-N (`ranked`: numbered, held-out ones marked, with their training ratings) or a user's held-out ratings. */
export function ItemTable({ caption, rows, testId, ranked }: { caption: string; rows: RecommendedItem[]; testId: string; ranked?: boolean }) {
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
            </td>
            {!ranked && <td>{r.actual}</td>}
            {counts && <td data-testid="train-ratings">{r.trainRatings}</td>}
            <td>{r.predicted.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
