import { useId, useState } from 'react';
import type { RecommendedItem, Recommendations } from '../worker/messages';

interface RecommendPanelProps {
  result?: Recommendations;
  error?: string;
  firstUser?: number;
  onAsk: (user: number) => void;
}

/** After training: one user's top-10 unseen movies and their held-out ratings beside the predictions. */
export function RecommendPanel({ result, error, firstUser = 1, onAsk }: RecommendPanelProps) {
  const id = useId();
  const [user, setUser] = useState(String(firstUser));
  return (
    <section className="recommend" aria-label="Recommendations">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (user.trim() !== '') onAsk(Number(user));
        }}
      >
        <label htmlFor={id}>User id</label>
        <input id={id} type="number" min={0} step={1} value={user} onChange={(e) => setUser(e.target.value)} />
        <button type="submit">Recommend</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <div className="rec-tables">
          <ItemTable caption={`Top ${result.top.length} unseen for user ${result.user}`} rows={result.top} testId="top-n" ranked />
          <ItemTable caption={`User ${result.user}'s held-out ratings`} rows={result.heldOut} testId="held-out" />
        </div>
      )}
    </section>
  );
}

function ItemTable({ caption, rows, testId, ranked }: { caption: string; rows: RecommendedItem[]; testId: string; ranked?: boolean }) {
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
          <th scope="col">predicted</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3}>none</td>
          </tr>
        )}
        {rows.map((r, k) => (
          <tr key={r.item}>
            {ranked && <td>{k + 1}</td>}
            <td className="title">{r.title}</td>
            {!ranked && <td>{r.actual}</td>}
            <td>{r.predicted.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
